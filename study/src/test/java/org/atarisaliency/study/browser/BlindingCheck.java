package org.atarisaliency.study.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.StudyDefinition.Arm;
import org.atarisaliency.study.StudyDefinition.Option;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Question;
import org.atarisaliency.study.StudyDefinition.Video;

/**
 * What a participant receives must not name what they are blind to: for any study, the agent ids, arm ids,
 * condition ids and video file names of its study.json (and "videos/", ".mp4", "plain", "saliency") may not
 * appear, as words, in a response (headers and body) or in a clip's bytes. The study's own text (titles, page
 * text, prompts, options, labels) is the researcher's and is left out of the check, so an agent id that is also
 * an ordinary word ("control the paddle") is allowed there and nowhere else.
 */
final class BlindingCheck {
    private final List<Pattern> forbidden = new ArrayList<>();
    private final Set<String> studyText = new TreeSet<>((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));

    BlindingCheck(StudyDefinition study) {
        Set<String> words = new TreeSet<>(List.of("videos/", ".mp4", "plain", "saliency"));
        words.addAll(study.conditions());
        text(study.title());
        for (Arm arm : study.arms()) {
            words.add(arm.id());
            words.add(arm.condition());
            words.addAll(arm.labels().values());
            for (Page p : arm.pages()) {
                for (String t : new String[]{p.title(), p.text(), p.feedback(), p.button()}) {
                    text(t);
                }
                for (Video v : p.videos() == null ? List.<Video>of() : p.videos()) {
                    words.add(v.agent());
                    words.add(v.file());
                    words.add(Path.of(v.file()).getFileName().toString());
                    text(v.label());
                }
                for (Question q : p.questions() == null ? List.<Question>of() : p.questions()) {
                    for (String t : new String[]{q.prompt(), q.minLabel(), q.maxLabel()}) {
                        text(t);
                    }
                    for (Option o : q.options() == null ? List.<Option>of() : q.options()) {
                        text(o.value());
                    }
                }
            }
        }
        for (String w : words) {
            // as a word: not inside another one ("explain", "Cache-Control", "text/plain")
            String edge = "[A-Za-z0-9_/-]";
            String before = Character.isLetterOrDigit(w.charAt(0)) ? "(?<!" + edge + ")" : "";
            String after = Character.isLetterOrDigit(w.charAt(w.length() - 1)) ? "(?!" + edge + ")" : "";
            forbidden.add(Pattern.compile(before + Pattern.quote(w) + after, Pattern.CASE_INSENSITIVE));
        }
    }

    private void text(String t) {
        if (t != null) {
            for (String line : t.split("\n")) {
                if (!line.isBlank()) {
                    studyText.add(esc(line.strip()));
                }
            }
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** Every response recorded (headers and body; the study's own text taken out of pages) is free of the forbidden words. */
    void assertReceivedFree(List<RecordingProxy.Exchange> received) {
        int media = 0;
        int pages = 0;
        for (RecordingProxy.Exchange e : received) {
            boolean clip = e.url().contains("/media/");
            media += clip ? 1 : 0;
            String bytes = new String(e.response(), clip ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            if (!clip) {
                pages += bytes.contains("<html") ? 1 : 0;
                for (String t : studyText) {
                    bytes = bytes.replace(t, "");
                }
            }
            assertFree(e.url(), bytes);
        }
        assertTrue(media >= 4 && pages >= 10, "the recording holds every clip and page: " + media + " media responses, " + pages + " pages");
    }

    /** The study folder's clips (their bytes, metadata included) are free of the forbidden words. */
    void assertFilesFree(Path studyDir) throws IOException {
        try (var files = Files.walk(studyDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mp4")).toList()) {
                assertFree(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
    }

    private void assertFree(String where, String content) {
        for (Pattern p : forbidden) {
            var m = p.matcher(content);
            if (m.find()) {
                int from = Math.max(0, m.start() - 60);
                throw new AssertionError(where + " names '" + m.group() + "': ..."
                        + content.substring(from, Math.min(content.length(), m.end() + 60)).replaceAll("[^\\x20-\\x7e]", ".") + "...");
            }
        }
    }
}
