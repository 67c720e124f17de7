package org.atarisaliency.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Spells a {@link StudyConfig} out into arms: every condition x block order (one, or every order when
 * counterbalanced) x label rotation (one, or every rotation when counterbalanced), each with its exact
 * pages. Also says which clips the study needs, so the build can record each once.
 */
public final class StudyArms {
    private StudyArms() {
    }

    /** One clip: an agent recorded with one condition's settings, with or without the saliency overlay. */
    public record Clip(String agent, boolean saliency, StudyConfig.VideoSettings video) {
        /** The clip's file name under videos/: agent, plain|saliency, and the condition when its settings differ. */
        String fileName(StudyConfig c) {
            String variant = "";
            if (!video.equals(c.video())) {
                for (StudyConfig.Condition k : c.conditions()) {
                    if (k.video().equals(video)) {
                        variant = "." + k.id().replaceAll("[^A-Za-z0-9_-]", "_");
                        break;
                    }
                }
            }
            return agent + (saliency ? ".saliency" : ".plain") + variant + ".mp4";
        }
    }

    /** The clips the study shows, each once, in a stable order. */
    public static List<Clip> clips(StudyConfig c) {
        Set<Clip> out = new LinkedHashSet<>();
        for (StudyConfig.Condition k : c.conditions()) {
            for (StudyConfig.PageSpec p : c.pages()) {
                List<StudyConfig.Block> blocks = p.repeated() ? c.blocks() : java.util.Collections.singletonList(null);
                for (StudyConfig.Block b : blocks) {
                    for (String agent : p.agents()) {
                        out.add(new Clip(agent, saliency(k, b), k.video()));
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Whether a page shows saliency: its block's setting, else its condition's, else not. */
    static boolean saliency(StudyConfig.Condition k, StudyConfig.Block b) {
        if (b != null && b.saliency() != null) {
            return b.saliency();
        }
        return Boolean.TRUE.equals(k.saliency());
    }

    /**
     * The built clip of each clip: its file (relative to the study folder) and sha256, and its still (a PNG of a
     * representative frame: file and sha256) or null.
     */
    public record BuiltClip(String file, String sha256, String still, String stillSha256) {
        /** A clip without a still. */
        public BuiltClip(String file, String sha256) {
            this(file, sha256, null, null);
        }
    }

    /** The clip whose frame {@code picture: screen} shows: the first agent's first clip without saliency, else its first clip; null if none. */
    public static Clip screenClip(StudyConfig c) {
        String first = c.agents().keySet().iterator().next();
        List<Clip> own = clips(c).stream().filter(k -> k.agent().equals(first)).toList();
        return own.stream().filter(k -> !k.saliency()).findFirst().orElse(own.isEmpty() ? null : own.get(0));
    }

    /** Every arm of the study, with the videos as {@code built} made them and no picture of the screen. */
    public static List<StudyDefinition.Arm> arms(StudyConfig c, Function<Clip, BuiltClip> built) {
        return arms(c, built, null);
    }

    /**
     * Every arm of the study, with the videos as {@code built} made them; pages with {@code picture: screen} show
     * {@code screen} (null: none, as when arms are spelled out without a build). A questions or check page whose questions offer the agents as
     * options shows the stills of the latest video page before it (of its own block, when it is in one).
     */
    public static List<StudyDefinition.Arm> arms(StudyConfig c, Function<Clip, BuiltClip> built, StudyDefinition.Image screen) {
        List<String> agentIds = new ArrayList<>(c.agents().keySet());
        List<List<String>> orders = c.permuteBlocks() ? permutations(c.blocks().stream().map(StudyConfig.Block::id).toList())
                : List.of(c.blocks().stream().map(StudyConfig.Block::id).toList());
        int rotations = c.rotateLabels() ? agentIds.size() : 1;
        List<StudyDefinition.Arm> arms = new ArrayList<>();
        for (StudyConfig.Condition k : c.conditions()) {
            int variant = 0;
            for (List<String> order : orders) {
                for (int r = 0; r < rotations; r++) {
                    variant++;
                    Map<String, String> labels = new LinkedHashMap<>();
                    Map<String, String> labelOf = new LinkedHashMap<>();
                    for (int i = 0; i < agentIds.size(); i++) {
                        String agent = agentIds.get((i + r) % agentIds.size());
                        labels.put(c.label(i), agent);
                        labelOf.put(agent, c.label(i));
                    }
                    String id = orders.size() * rotations == 1 ? k.id() : k.id() + "." + variant;
                    arms.add(new StudyDefinition.Arm(id, k.id(), order, labels, withStills(pages(c, k, order, labelOf, built, screen))));
                }
            }
        }
        return arms;
    }

    /** The pages, each questions/check page that asks about the agents with the stills of the latest video page before it. */
    private static List<StudyDefinition.Page> withStills(List<StudyDefinition.Page> pages) {
        List<StudyDefinition.Page> out = new ArrayList<>();
        StudyDefinition.Page lastVideo = null;
        for (StudyDefinition.Page p : pages) {
            if (!p.videos().isEmpty()) {
                lastVideo = p;
            }
            boolean asksAboutAgents = (p.type().equals("questions") || p.type().equals("check"))
                    && p.questions().stream().anyMatch(q -> q.options() != null && q.options().stream().anyMatch(o -> !o.means().equals(o.value())
                            && q.type().equals("choice")));
            boolean sameBlock = lastVideo != null && (p.block() == null || p.block().equals(lastVideo.block()));
            if (asksAboutAgents && sameBlock) {
                List<StudyDefinition.Image> stills = lastVideo.videos().stream().map(StudyDefinition.Video::still).filter(java.util.Objects::nonNull).toList();
                p = new StudyDefinition.Page(p.id(), p.type(), p.block(), p.title(), p.text(), p.videos(), p.requireEnd(), p.questions(), p.feedback(),
                        p.button(), stills, p.glossary(), p.picture());
            }
            out.add(p);
        }
        return out;
    }

    private static List<StudyDefinition.Page> pages(StudyConfig c, StudyConfig.Condition k, List<String> order, Map<String, String> labelOf,
                                                    Function<Clip, BuiltClip> built, StudyDefinition.Image screen) {
        List<StudyDefinition.Page> out = new ArrayList<>();
        boolean repeatDone = false;
        for (int i = 0; i < c.pages().size(); i++) {
            StudyConfig.PageSpec p = c.pages().get(i);
            if (!p.repeated()) {
                out.add(page(c, k, p, null, 0, labelOf, built, screen));
                continue;
            }
            if (repeatDone) {
                continue;
            }
            repeatDone = true;
            List<StudyConfig.PageSpec> group = c.pages().stream().filter(StudyConfig.PageSpec::repeated).toList();
            for (int n = 0; n < order.size(); n++) {
                String blockId = order.get(n);
                StudyConfig.Block b = c.blocks().stream().filter(x -> x.id().equals(blockId)).findFirst().orElseThrow();
                for (StudyConfig.PageSpec g : group) {
                    out.add(page(c, k, g, b, n + 1, labelOf, built, screen));
                }
            }
        }
        return out;
    }

    private static StudyDefinition.Page page(StudyConfig c, StudyConfig.Condition k, StudyConfig.PageSpec p, StudyConfig.Block b, int blockNumber,
                                             Map<String, String> labelOf, Function<Clip, BuiltClip> built, StudyDefinition.Image screen) {
        List<StudyDefinition.Video> videos = new ArrayList<>();
        boolean saliency = saliency(k, b);
        List<String> byLabel = new ArrayList<>(p.agents());
        byLabel.sort(java.util.Comparator.comparing(labelOf::get));
        for (String agent : byLabel) {
            BuiltClip clip = built.apply(new Clip(agent, saliency, k.video()));
            StudyDefinition.Image still = clip.still() == null ? null : new StudyDefinition.Image(labelOf.get(agent), clip.still(), clip.stillSha256());
            videos.add(new StudyDefinition.Video(labelOf.get(agent), clip.file(), clip.sha256(), agent, saliency, still));
        }
        List<StudyDefinition.Question> questions = new ArrayList<>();
        for (StudyConfig.QuestionSpec q : p.questions()) {
            questions.add(question(c, q, labelOf));
        }
        String id = b == null ? p.id() : p.id() + "." + b.id();
        String title = fill(p.title(), b, blockNumber);
        String button = p.button() != null ? p.button() : switch (p.type()) {
            case "consent" -> "I agree";
            case "check" -> "Check my answers";
            case "debrief" -> null;
            default -> "Continue";
        };
        return new StudyDefinition.Page(id, p.type(), b == null ? null : b.id(), title == null ? c.title() : title, fill(p.text(), b, blockNumber),
                videos, p.requireEnd(), questions, p.feedback(), button, List.of(), p.glossary(), p.picture() == null ? null : screen);
    }

    private static StudyDefinition.Question question(StudyConfig c, StudyConfig.QuestionSpec q, Map<String, String> labelOf) {
        List<StudyDefinition.Option> options = null;
        if (q.options() != null) {
            options = new ArrayList<>();
            for (int i = 0; i < q.options().size(); i++) {
                String o = q.options().get(i);
                if (o.equals(StudyConfig.AGENTS_TOKEN) && q.type().equals("choice")) {
                    List<String> agents = new ArrayList<>(labelOf.keySet());
                    agents.sort(java.util.Comparator.comparing(labelOf::get));
                    for (String a : agents) {
                        options.add(new StudyDefinition.Option(labelOf.get(a), a));
                    }
                } else if (q.type().equals("likert")) {
                    options.add(new StudyDefinition.Option(o, Integer.toString(i + 1)));
                } else {
                    options.add(new StudyDefinition.Option(o, o));
                }
            }
        }
        String correct = q.correct();
        if (correct != null && q.type().equals("likert")) {
            correct = Integer.toString(q.options().indexOf(correct) + 1);
        }
        return new StudyDefinition.Question(q.id(), q.type(), q.prompt(), options, correct, q.required(), q.attention(), q.min(), q.max(),
                q.step(), q.minLabel(), q.maxLabel(), q.maxLength());
    }

    private static String fill(String text, StudyConfig.Block b, int number) {
        if (text == null) {
            return null;
        }
        String title = b == null ? "" : b.title() != null ? b.title() : b.id();
        return text.replace("{block_title}", title).replace("{block_number}", b == null ? "" : Integer.toString(number));
    }

    private static List<List<String>> permutations(List<String> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<String> rest = new ArrayList<>(items);
            String first = rest.remove(i);
            for (List<String> p : permutations(rest)) {
                List<String> o = new ArrayList<>();
                o.add(first);
                o.addAll(p);
                out.add(o);
            }
        }
        return out;
    }
}
