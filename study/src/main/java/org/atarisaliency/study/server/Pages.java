package org.atarisaliency.study.server;

import static org.atarisaliency.study.server.Html.esc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.StudyDefinition.Completion;
import org.atarisaliency.study.StudyDefinition.Option;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Question;
import org.atarisaliency.study.StudyDefinition.Video;

/** Renders every page as HTML text. Every string from the study or a participant goes through {@link Html#esc}. */
final class Pages {
    private final StudyDefinition study;
    private final MediaIds media;

    Pages(StudyDefinition study, MediaIds media) {
        this.study = study;
        this.media = media;
    }

    private String layout(String heading, String body, boolean script) {
        return layout(heading, body, script, false);
    }

    /** The HTML document; {@code wide}: a wider card, for two clips side by side. */
    private String layout(String heading, String body, boolean script, boolean wide) {
        String title = study.title() == null ? study.name() : study.title();
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\">"
                + "<title>" + esc(title) + "</title><link rel=\"stylesheet\" href=\"/static/study.css\">"
                + (script ? "<script src=\"/static/study.js\" defer></script>" : "")
                + "</head><body><main" + (wide ? " class=\"wide\"" : "") + ">\n<p class=\"study-title\">" + esc(title) + "</p>\n"
                + (heading == null ? "" : "<h1>" + esc(heading) + "</h1>\n") + body + "\n</main></body></html>\n";
    }

    /** The names of the Prolific parameters, in the order {@link #landing} takes their values. */
    private static final List<String> PROLIFIC_PARAMETERS = List.of("PROLIFIC_PID", "STUDY_ID", "SESSION_ID");

    /**
     * The landing page at /: the study's title and a form that POSTs to /start with the Prolific ids and a start token.
     *
     * @param consent  the consent page every arm starts with, shown here with "I agree" / "I do not agree"; null for a
     *                 plain start button
     * @param resume   a known Prolific id in progress: "continue where you left off"
     * @param prolific PROLIFIC_PID, STUDY_ID, SESSION_ID (each may be null)
     * @param token    the start token
     */
    String landing(Page consent, boolean resume, String[] prolific, String token) {
        StringBuilder form = new StringBuilder("<form id=\"start-form\" method=\"post\" action=\"/start\">\n")
                .append("<input type=\"hidden\" name=\"start\" value=\"").append(esc(token)).append("\">\n");
        for (int i = 0; i < PROLIFIC_PARAMETERS.size(); i++) {
            if (prolific[i] != null) {
                form.append("<input type=\"hidden\" name=\"").append(PROLIFIC_PARAMETERS.get(i)).append("\" value=\"").append(esc(prolific[i])).append("\">\n");
            }
        }
        form.append("<div class=\"buttons\">");
        String heading;
        String text;
        if (resume) {
            heading = "Continue where you left off";
            text = "You have already started this study. Continue from the page you were on.";
            form.append("<button id=\"start\" type=\"submit\" name=\"action\" value=\"continue\">Continue</button>");
        } else if (consent != null) {
            heading = consent.title();
            text = consent.text();
            form.append("<button id=\"agree\" type=\"submit\" name=\"action\" value=\"agree\">I agree</button>")
                    .append("<button id=\"decline\" class=\"secondary\" type=\"submit\" name=\"action\" value=\"decline\">I do not agree</button>");
        } else {
            heading = "Welcome";
            text = "Press Start to begin the study.";
            form.append("<button id=\"start\" type=\"submit\" name=\"action\" value=\"start\">Start</button>");
        }
        form.append("</div>\n</form>");
        return layout(heading, Html.paragraphs(text) + form, false);
    }

    /** A short page with one message (errors, "already taken part", "thank you"). */
    String message(String heading, String text) {
        return layout(heading, Html.paragraphs(text), false);
    }

    /**
     * A participant's page with its form.
     *
     * @param pageIndex the page's position in the arm (sent back so a stale submit can be recognised)
     * @param csrf      the participant's CSRF token
     * @param error     a validation message, or null
     * @param feedback  the check page's feedback after a wrong answer, or null
     * @param previous  the values to fill in again after a rejected submit (may be empty)
     * @param watched   how much of each of this page's clips (by label) the participant has watched so far (a reload
     *                  or a rejected submit keeps it; study.js starts from it)
     */
    String page(Page page, int pageIndex, String csrf, String error, String feedback, Map<String, List<String>> previous,
                Map<String, WatchCoverage.Coverage> watched) {
        StringBuilder b = new StringBuilder();
        if (error != null) {
            b.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        }
        if (feedback != null) {
            b.append("<div class=\"feedback\" role=\"alert\">").append(Html.paragraphs(feedback)).append("</div>\n");
        }
        b.append(Html.paragraphs(page.text()));
        b.append(glossary(page)).append(picture(page));
        List<Video> videos = StudyFolder.nonNull(page.videos());
        boolean requireEnd = page.requireEnd() && !videos.isEmpty();
        boolean allEnded = videos.stream().allMatch(v -> watched.containsKey(v.label()) && watched.get(v.label()).complete());
        b.append("<form id=\"page-form\" method=\"post\" action=\"/study\" data-csrf=\"").append(esc(csrf))
                .append("\" data-page=\"").append(pageIndex).append("\" data-require-end=\"").append(requireEnd)
                .append("\" data-watch-rules=\"").append(WatchCoverage.CLIENT_RULES).append("\">\n")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">\n")
                .append("<input type=\"hidden\" name=\"page\" value=\"").append(pageIndex).append("\">\n");
        if (!videos.isEmpty()) {
            b.append("<div class=\"videos\">\n");
            for (Video v : videos) {
                // the watched line and the "you skipped" message sit between the label and the clip: a clip 480+ px wide is
                // taller than a laptop's window, and a message under it would be out of sight
                b.append("<figure><figcaption>").append(esc(v.label())).append("</figcaption>")
                        .append(requireEnd ? watchLines(watched.get(v.label())) : "")
                        .append("<video controls playsinline preload=\"auto\" controlslist=\"nodownload noplaybackrate noremoteplayback\""
                                + " disablepictureinpicture disableremoteplayback data-label=\"").append(esc(v.label()))
                        .append("\" data-watched=\"").append(intervals(watched.get(v.label())))
                        .append("\" src=\"").append(esc(mediaUrl(v.file()))).append("\"></video></figure>\n");
            }
            b.append("</div>\n");
            if (videos.stream().anyMatch(Video::saliency)) {
                b.append("<p class=\"legend small\">").append(esc(SALIENCY_LEGEND)).append("</p>\n");
            }
            b.append("<noscript><p class=\"error\">This study needs JavaScript to play its videos.</p></noscript>\n");
        }
        b.append(stills(page));
        for (Question q : StudyFolder.nonNull(page.questions())) {
            b.append(question(q, previous.getOrDefault(q.id(), List.of())));
        }
        String button = page.button() == null || page.button().isBlank() ? "Next" : page.button();
        if ("consent".equals(page.type())) {
            boolean checked = previous.getOrDefault("consent", List.of()).contains("agree");
            b.append("<p><label><input type=\"checkbox\" name=\"consent\" value=\"agree\" required")
                    .append(checked ? " checked" : "").append("> I agree to take part in this study.</label></p>\n")
                    .append("<div class=\"buttons\"><button id=\"next\" type=\"submit\" name=\"action\" value=\"next\">").append(esc(button))
                    .append("</button><button class=\"secondary\" type=\"submit\" name=\"action\" value=\"decline\" formnovalidate>I do not agree</button></div>\n");
        } else {
            if (requireEnd) {
                b.append("<p id=\"watch-hint\" class=\"small\"").append(allEnded ? " hidden" : "")
                        .append(">Please watch every clip through at normal speed to continue.</p>\n");
            }
            b.append("<div class=\"buttons\"><button id=\"next\" type=\"submit\" name=\"action\" value=\"next\"")
                    .append(requireEnd && !allEnded ? " disabled" : "").append(">").append(esc(button)).append("</button></div>\n");
        }
        b.append("</form>");
        return layout(page.title(), b.toString(), true, !videos.isEmpty());
    }

    /** The stills of the clips the questions ask about, each under its label, so the participant sees which was "Agent 1". */
    private String stills(Page page) {
        List<StudyDefinition.Image> stills = StudyFolder.nonNull(page.stills());
        if (stills.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<div class=\"stills\">");
        for (StudyDefinition.Image i : stills) {
            b.append("<figure><figcaption>").append(esc(i.label())).append("</figcaption><img src=\"").append(esc(mediaUrl(i.file())))
                    .append("\" alt=\"A still of the clip of ").append(esc(i.label())).append("\"></figure>");
        }
        return b.append("</div>\n").toString();
    }

    /** The page's glossary as a definition list. */
    private static String glossary(Page page) {
        List<StudyDefinition.Term> terms = StudyFolder.nonNull(page.glossary());
        if (terms.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<dl class=\"glossary\">");
        for (StudyDefinition.Term t : terms) {
            b.append("<dt>").append(esc(t.term())).append("</dt><dd>").append(esc(t.explanation())).append("</dd>");
        }
        return b.append("</dl>\n").toString();
    }

    /** The page's annotated picture of the game screen. */
    private String picture(Page page) {
        StudyDefinition.Image p = page.picture();
        if (p == null) {
            return "";
        }
        return "<figure class=\"picture\"><img src=\"" + esc(mediaUrl(p.file())) + "\" alt=\"" + esc(p.label()) + "\"><figcaption>" + esc(p.label())
                + "</figcaption></figure>\n";
    }

    /** The watched media intervals as study.js reads them: "start-end" pairs in seconds, space-separated. */
    private static String intervals(WatchCoverage.Coverage c) {
        return c == null ? "" : c.watched().stream().map(w -> String.format(Locale.ROOT, "%.2f-%.2f", w[0], w[1]))
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** Under a clip: how much of it was watched (study.js keeps it up to date) and the place for the "you skipped" message. */
    private static String watchLines(WatchCoverage.Coverage c) {
        int percent = c == null ? 0 : (int) Math.floor(c.fraction() * 100);
        return "<p class=\"watch-progress small\" aria-live=\"polite\">" + (c != null && c.complete() ? "watched" : "watched " + percent + "%")
                + "</p><p class=\"watch-skipped error\" role=\"alert\" hidden></p>";
    }

    /**
     * Under clips with saliency: what the coloured areas mean, in plain words, and that both clips share one fixed scale
     * (study build records every clip on the absolute scale), so a faint area is a small effect, not a hidden one.
     */
    static final String SALIENCY_LEGEND = "The coloured areas show where blurring the picture changes what the program decides to do: the"
            + " stronger the colour, the bigger the change. Both clips use the same fixed scale, so they can be compared; no colour means"
            + " blurring that spot changed little.";

    /** The URL a participant fetches a media file of the study at (its study.json path): opaque, see {@link MediaIds}. */
    String mediaUrl(String file) {
        return media.url(file);
    }

    private static String question(Question q, List<String> previous) {
        String prev = previous.isEmpty() ? null : previous.get(0);
        String name = esc(q.id());
        String required = q.required() ? " required" : "";
        StringBuilder b = new StringBuilder("<fieldset><legend>").append(esc(q.prompt())).append(q.required() ? "" : " <span class=\"small\">(optional)</span>")
                .append("</legend>\n");
        switch (q.type()) {
            case "choice" -> {
                b.append("<div class=\"options\">");
                for (Option o : q.options()) {
                    b.append("<label><input type=\"radio\" name=\"").append(name).append("\" value=\"").append(esc(o.value())).append('"')
                            .append(o.value().equals(prev) ? " checked" : "").append(required).append("> ").append(esc(o.value())).append("</label>");
                }
                b.append("</div>\n");
            }
            case "likert" -> {
                b.append("<div class=\"likert\">");
                if (q.minLabel() != null) {
                    b.append("<span class=\"scale-end\">").append(esc(q.minLabel())).append("</span>");
                }
                for (Option o : q.options()) {
                    b.append("<label><input type=\"radio\" name=\"").append(name).append("\" value=\"").append(esc(o.value())).append('"')
                            .append(o.value().equals(prev) ? " checked" : "").append(required).append(">").append(esc(o.value())).append("</label>");
                }
                if (q.maxLabel() != null) {
                    b.append("<span class=\"scale-end\">").append(esc(q.maxLabel())).append("</span>");
                }
                b.append("</div>\n");
            }
            case "slider" -> {
                // one row: the low end's label, the slider, the high end's label, and the value it is set to. The slider
                // starts unset (its thumb greyed, no value shown): the answer is a hidden field that study.js fills when the
                // participant moves it, so an untouched required slider is refused rather than recorded as its midpoint.
                String id = "q-" + name;
                String start = prev != null ? prev : number(q.min() + Math.floor((q.max() - q.min()) / q.step() / 2) * q.step());
                b.append("<div class=\"slider").append(prev == null ? " untouched" : "").append("\">");
                if (q.minLabel() != null) {
                    b.append("<span class=\"scale-end\">").append(esc(q.minLabel())).append("</span>");
                }
                b.append("<input type=\"range\" id=\"").append(id).append("\" data-answer=\"").append(name).append("\" min=\"").append(number(q.min()))
                        .append("\" max=\"").append(number(q.max())).append("\" step=\"").append(number(q.step())).append("\" value=\"")
                        .append(esc(start)).append("\" aria-label=\"").append(esc(q.prompt())).append("\">");
                if (q.maxLabel() != null) {
                    b.append("<span class=\"scale-end\">").append(esc(q.maxLabel())).append("</span>");
                }
                b.append("<output id=\"").append(id).append("-value\" for=\"").append(id).append("\">").append(prev == null ? "" : esc(prev))
                        .append("</output><input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(prev == null ? "" : esc(prev))
                        .append("\"></div>\n");
            }
            case "text" -> {
                int max = q.maxLength() == null ? AnswerValidator.TEXT_LIMIT : q.maxLength();
                b.append("<textarea name=\"").append(name).append("\" maxlength=\"").append(max).append('"').append(required).append('>')
                        .append(esc(prev)).append("</textarea>\n");
            }
            default -> throw new IllegalStateException("question type " + q.type());
        }
        return b.append("</fieldset>\n").toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The debrief page: its text, the completion code, and the way back to Prolific (link and timed redirect). */
    String debrief(Page page) {
        Completion c = study.completion();
        StringBuilder b = new StringBuilder(Html.paragraphs(page.text()));
        String head = "";
        if (c != null && c.code() != null) {
            b.append("<p>Your completion code: <span class=\"code\">").append(esc(c.code())).append("</span></p>\n");
        }
        if (c != null && c.redirect() != null && StudyFolder.isHttpUrl(c.redirect())) {
            b.append("<p><a class=\"button\" href=\"").append(esc(c.redirect())).append("\" rel=\"noreferrer\">")
                    .append(esc(page.button() == null || page.button().isBlank() ? "Finish and return" : page.button())).append("</a></p>\n");
            if (c.redirectSeconds() != null && c.redirectSeconds() >= 0) {
                b.append("<p class=\"small\">You will be taken back automatically in ").append(c.redirectSeconds()).append(" seconds.</p>\n");
                head = "<meta http-equiv=\"refresh\" content=\"" + c.redirectSeconds() + ";url=" + esc(c.redirect()) + "\">";
            }
        }
        String html = layout(page.title(), b.toString(), false);
        return head.isEmpty() ? html : html.replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\">" + head);
    }

    /** The researcher's sign-in form for /admin (the token goes in a POST body, never in the address). */
    String adminSignIn(boolean wrong) {
        String error = wrong ? "<p class=\"error\" role=\"alert\">That is not the admin token.</p>\n" : "";
        return layout("Researchers only", error + "<form method=\"post\" action=\"/admin\">"
                + "<label for=\"token\">Admin token (printed by study serve at start, or the one you gave it)</label>"
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required>"
                + "<button type=\"submit\">Sign in</button></form>", false);
    }

    /**
     * The admin page: per arm and per condition, how many started, completed, declined, are in progress, and median
     * minutes; and how many declined on the start page.
     */
    String admin(List<StudyDatabase.ArmProgress> arms, long declinedAtStart, String pragmas) {
        StringBuilder b = new StringBuilder("<h2>Arms</h2>\n<table><tr><th>arm</th><th>condition</th><th>started</th><th>completed</th>"
                + "<th>declined</th><th>in progress</th><th>median minutes (completed)</th></tr>\n");
        Map<String, int[]> byCondition = new TreeMap<>();
        Map<String, List<Double>> minutesByCondition = new TreeMap<>();
        int[] total = new int[4];
        List<Double> allMinutes = new ArrayList<>();
        for (StudyDatabase.ArmProgress a : arms) {
            b.append(row(a.arm(), a.condition(), new int[]{a.started(), a.completed(), a.declined(), a.inProgress()}, a.completedMinutes()));
            int[] c = byCondition.computeIfAbsent(a.condition(), k -> new int[4]);
            int[] add = {a.started(), a.completed(), a.declined(), a.inProgress()};
            for (int i = 0; i < 4; i++) {
                c[i] += add[i];
                total[i] += add[i];
            }
            minutesByCondition.computeIfAbsent(a.condition(), k -> new ArrayList<>()).addAll(a.completedMinutes());
            allMinutes.addAll(a.completedMinutes());
        }
        b.append("</table>\n<h2>Conditions</h2>\n<table><tr><th>condition</th><th></th><th>started</th><th>completed</th>"
                + "<th>declined</th><th>in progress</th><th>median minutes (completed)</th></tr>\n");
        for (Map.Entry<String, int[]> e : byCondition.entrySet()) {
            b.append(row(e.getKey(), "", e.getValue(), minutesByCondition.get(e.getKey())));
        }
        b.append(row("all", "", total, allMinutes));
        b.append("</table>\n<p>Declined on the start page (no participant made): ").append(declinedAtStart).append("</p>\n<p class=\"small\">Study ").append(esc(study.name())).append("; database ").append(esc(pragmas)).append("</p>");
        return layout("Progress", b.toString(), false);
    }

    private static String row(String first, String second, int[] counts, List<Double> minutes) {
        StringBuilder b = new StringBuilder("<tr><td>").append(esc(first)).append("</td><td>").append(esc(second)).append("</td>");
        for (int c : counts) {
            b.append("<td>").append(c).append("</td>");
        }
        Double median = median(minutes);
        return b.append("<td>").append(median == null ? "" : String.format(Locale.ROOT, "%.1f", median)).append("</td></tr>\n").toString();
    }

    static Double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
