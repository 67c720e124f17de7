package org.atarisaliency.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.experiment.ConfigException;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.experiment.ConfigNode;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.pipelines.SharedSettings;
import org.atarisaliency.pipelines.BundledAgents;

/**
 * A study YAML, validated: every problem is one line naming the file, the line and the key
 * ("study-paper.yaml:41: pages[4].questions[0].correct: 'contrl' is not an option; ..."). See
 * examples/study-paper.yaml for every key.
 *
 * @param name           the study's id
 * @param title          shown on every page
 * @param seed           the seed every clip is recorded with
 * @param file           the YAML file
 * @param completion     completion code, optional redirect
 * @param agents         agent id to agent, in file order
 * @param video          how clips are recorded
 * @param labelFormat    how agents are called on the pages ("Agent {n}")
 * @param rotateLabels   counterbalance which agent gets which label (every rotation is an arm)
 * @param permuteBlocks  counterbalance the order of the within-subject blocks (every order is an arm)
 * @param conditions     between-subjects conditions
 * @param blocks         within-subject blocks, in their default order
 * @param pages          the pages; those with {@code repeated} are shown once per block
 * @param exclusions     the declared exclusion rules, in the YAML's order (see {@link ExclusionRules})
 * @param sampleSize     the planned number of included participants, or null when not given
 */
public record StudyConfig(String name, String title, long seed, Path file, StudyDefinition.Completion completion, Map<String, Agent> agents,
                          VideoSettings video, String labelFormat, boolean rotateLabels, boolean permuteBlocks, List<Condition> conditions,
                          List<Block> blocks, List<PageSpec> pages, List<ExclusionRule> exclusions, Integer sampleSize) {
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._+-]{0,63}";
    static final List<String> PAGE_TYPES = List.of("consent", "instructions", "questions", "check", "video", "debrief");
    static final List<String> QUESTION_TYPES = List.of("choice", "likert", "slider", "text");
    /** In a choice question's options: the study's agents, by their labels. */
    static final String AGENTS_TOKEN = "agents";

    /** An agent: its checkpoint, its game, the hint strip it plays with and the game's variants ("none", or names as {@code --variant} takes them). */
    public record Agent(String id, Path file, String game, String hints, String variant) {
    }

    /**
     * How the clips are recorded (record's settings).
     *
     * @param start      steps played before the clip, or -1 for "highlights" (the window where the policy is most decided)
     * @param scan       highlights: how many steps to search for the window
     */
    public record VideoSettings(int start, int scan, int frames, int fps, int scale, int quality, String overlay, String colors, String policy) {
        boolean highlights() {
            return start < 0;
        }
    }

    /** A between-subjects condition: whether its clips show saliency, and its own clip settings. */
    public record Condition(String id, Boolean saliency, VideoSettings video) {
    }

    /** A within-subject block: the repeated pages, with or without saliency. */
    public record Block(String id, String title, Boolean saliency) {
    }

    /** A page as written (before it is spelled out per arm and block). */
    public record PageSpec(String id, String type, String title, String text, List<String> agents, boolean requireEnd,
                           List<QuestionSpec> questions, String feedback, String button, boolean repeated,
                           List<StudyDefinition.Term> glossary, String picture) {
    }

    /** The pictures a page can show ({@code picture: screen}: the game screen with the hint strip and the agent marked). */
    public static final List<String> PICTURES = List.of("screen");

    /**
     * A question as written; {@code options} may contain {@link #AGENTS_TOKEN}; {@code hypothesis} is the hypothesis it tests
     * (for the preregistration), or null.
     */
    public record QuestionSpec(String id, String type, String prompt, List<String> options, String correct, boolean required,
                               boolean attention, Double min, Double max, Double step, String minLabel, String maxLabel, Integer maxLength,
                               String hypothesis) {
        boolean agentOptions() {
            return options != null && options.contains(AGENTS_TOKEN);
        }
    }

    private static final Set<String> TOP = Set.of("study", "title", "seed", "completion", "agents", "video", "labels", "counterbalance",
            "conditions", "blocks", "pages", "exclusions", "sample_size");
    private static final Set<String> VIDEO_KEYS = Set.of("start", "scan", "frames", "fps", "scale", "quality", "overlay", "colors", "policy");

    /** Reads and validates a study YAML. */
    public static StudyConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such study file; see examples/study-paper.yaml");
        }
        ConfigNode root = ConfigNode.parse(file);
        Map<String, ConfigNode> top = root.map(TOP);
        Path base = file.toAbsolutePath().getParent();
        String name = required(root, top, "study", "the study's name").name(NAME, "a name of letters, digits, '.', '_', '+' or '-'");
        String title = top.containsKey("title") ? nonBlank(top.get("title")) : name;
        long seed = top.containsKey("seed") ? top.get("seed").integer(0, Integer.MAX_VALUE) : 0;
        StudyDefinition.Completion completion = completion(required(root, top, "completion", "{code: ..., redirect: ...}"));
        Map<String, Agent> agents = agents(required(root, top, "agents", "agent id: {file, game}"), base);
        VideoSettings video = video(top.get("video"), defaults());
        String labels = top.containsKey("labels") ? top.get("labels").string() : "Agent {n}";
        if (!labels.contains("{n}") && !labels.contains("{letter}")) {
            throw top.get("labels").error("must contain {n} or {letter} (e.g. \"Agent {n}\"), got '" + labels + "'");
        }
        boolean rotate = false, permute = false;
        if (top.containsKey("counterbalance")) {
            Map<String, ConfigNode> c = top.get("counterbalance").map(Set.of("labels", "block_order"));
            rotate = c.containsKey("labels") && c.get("labels").bool();
            permute = c.containsKey("block_order") && c.get("block_order").bool();
        }
        List<Condition> conditions = conditions(top.get("conditions"), video);
        List<Block> blocks = blocks(top.get("blocks"));
        List<PageSpec> pages = pages(required(root, top, "pages", "a list of pages"), agents, !blocks.isEmpty());
        if (permute && blocks.size() < 2) {
            throw top.get("counterbalance").error("block_order: true needs at least two blocks");
        }
        if (!blocks.isEmpty() && pages.stream().noneMatch(PageSpec::repeated)) {
            throw top.get("blocks").error("blocks are given but no page is repeated per block; add '- repeat: blocks' with its pages");
        }
        boolean anySaliency = blocks.stream().anyMatch(b -> Boolean.TRUE.equals(b.saliency()))
                || conditions.stream().anyMatch(c -> Boolean.TRUE.equals(c.saliency()));
        if (anySaliency && video.overlay().equals("none")) {
            throw top.get("video").error("overlay: none, but a block or condition asks for saliency; choose actor, critic or actor,critic");
        }
        List<ExclusionRule> exclusions = exclusions(top.get("exclusions"), pages, Math.max(1, blocks.size()));
        Integer sampleSize = top.containsKey("sample_size") ? (int) top.get("sample_size").integer(1, 1_000_000) : null;
        return new StudyConfig(name, title, seed, file.toAbsolutePath().normalize(), completion, agents, video, labels, rotate, permute,
                conditions, blocks, pages, exclusions, sampleSize);
    }

    /**
     * The {@code exclusions:} block: numeric rules with their threshold, yes/no rules only when true; a rule that needs
     * something the pages lack (attention checks, pages that require watching) is refused.
     */
    private static List<ExclusionRule> exclusions(ConfigNode n, List<PageSpec> pages, int blockCount) {
        List<ExclusionRule> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : n.map(Set.copyOf(ExclusionRules.DECLARABLE)).entrySet()) {
            ConfigNode v = e.getValue();
            switch (e.getKey()) {
                case ExclusionRules.MIN_SECONDS_PER_PAGE, ExclusionRules.MIN_SECONDS_PER_STUDY ->
                        out.add(new ExclusionRule(e.getKey(), v.number(0.001, 1e6)));
                case ExclusionRules.ATTENTION_CHECKS_FAILED -> {
                    long attention = pages.stream().mapToLong(p -> p.questions().stream().filter(QuestionSpec::attention).count()
                            * (p.repeated() ? blockCount : 1)).sum();
                    long k = v.integer(1, 1000);
                    if (k > attention) {
                        throw v.error(k + " attention checks failed can never happen: the study has " + attention
                                + " (questions with 'attention: true'); lower it or add attention checks");
                    }
                    out.add(new ExclusionRule(e.getKey(), (double) k));
                }
                default -> {
                    if (e.getKey().equals(ExclusionRules.CLIPS_NOT_WATCHED) && v.bool() && pages.stream().noneMatch(PageSpec::requireEnd)) {
                        throw v.error("no page has 'require_end: true', so no clip is required to be watched; leave this rule out");
                    }
                    if (v.bool()) {
                        out.add(new ExclusionRule(e.getKey(), null));
                    }
                }
            }
        }
        return out;
    }

    /** The shown label of the agent at position {@code i} (0-based) in an arm's label order. */
    String label(int i) {
        return labelFormat.replace("{n}", Integer.toString(i + 1)).replace("{letter}", String.valueOf((char) ('A' + i)));
    }

    private static ConfigNode required(ConfigNode where, Map<String, ConfigNode> m, String key, String what) {
        if (!m.containsKey(key)) {
            throw where.error("missing key '" + key + "' (" + what + "); see examples/study-paper.yaml");
        }
        return m.get(key);
    }

    private static String nonBlank(ConfigNode n) {
        String v = n.string();
        if (v.isBlank()) {
            throw n.error("must not be empty");
        }
        return v.strip();
    }

    private static StudyDefinition.Completion completion(ConfigNode n) {
        Map<String, ConfigNode> m = n.map(Set.of("code", "redirect", "redirect_seconds"));
        String code = required(n, m, "code", "the completion code participants enter on Prolific").name("[A-Za-z0-9_-]{1,64}",
                "letters, digits, '_' or '-' (1..64)");
        String redirect = null;
        if (m.containsKey("redirect")) {
            redirect = m.get("redirect").string();
            if (!redirect.matches("https?://[^\\s\"'<>]+")) {
                throw m.get("redirect").error("must be an http(s) URL without spaces or quotes, got '" + redirect + "'");
            }
        }
        Integer seconds = m.containsKey("redirect_seconds") ? (int) m.get("redirect_seconds").integer(0, 3600) : null;
        if (seconds != null && redirect == null) {
            throw m.get("redirect_seconds").error("needs 'redirect' (the URL to send participants to)");
        }
        return new StudyDefinition.Completion(code, redirect, seconds);
    }

    private static Map<String, Agent> agents(ConfigNode n, Path base) throws IOException {
        Map<String, Agent> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            String id = e.getKey();
            ConfigNode a = e.getValue();
            if (!id.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw a.error("agent ids must be lower-case letters, digits, '_' or '-' (they name the video files), got '" + id + "'");
            }
            if (id.equals(AGENTS_TOKEN)) {
                throw a.error("'agents' is reserved (it stands for all agents in a question's options); choose another id");
            }
            Map<String, ConfigNode> m = a.map(Set.of("file", "game", "hints", SharedSettings.VARIANT.key()));
            String given = required(a, m, "file", "a checkpoint, or a bundled agent's name").string();
            String game = required(a, m, "game", "e.g. Pong-v4").string();
            Path f = base.resolve(given).normalize();
            if (!Files.isRegularFile(f)) {
                try {
                    f = BundledAgents.resolve(given, game);
                } catch (RuntimeException | IOException ex) {
                    throw m.get("file").error("agent file not found: " + base.resolve(given).normalize()
                            + " (paths are relative to the study file's folder; or name a bundled agent: ./atari-saliency agents)");
                }
            }
            String hints;
            if (m.containsKey("hints")) {
                hints = m.get("hints").string();
                if (!hints.equals("off") && !hints.equals("random") && !(hints.startsWith("expert:") && hints.length() > 7)) {
                    throw m.get("hints").error("must be off, random or expert:AGENT (a file or a bundled agent), got '" + hints + "'");
                }
                if (hints.startsWith("expert:")) {
                    Path expert = base.resolve(hints.substring(7)).normalize();
                    hints = Files.isRegularFile(expert) ? "expert:" + expert : hints;
                }
            } else {
                hints = BundledAgents.hintsOf(f);
            }
            try {
                hints = BundledAgents.resolveHints(hints);
            } catch (RuntimeException | IOException ex) {
                throw (m.containsKey("hints") ? m.get("hints") : a).error("hints: " + ex.getMessage());
            }
            out.put(id, new Agent(id, f, game, hints, variant(m.get(SharedSettings.VARIANT.key()), game)));
        }
        if (out.isEmpty()) {
            throw n.error("must name at least one agent");
        }
        return out;
    }

    /** An agent's variants: "none" when not given; names its game lacks are refused where the game id is known. */
    private static String variant(ConfigNode n, String game) {
        if (n == null) {
            return SharedSettings.VARIANT.defaultValue();
        }
        String v = (String) n.setting(SharedSettings.VARIANT);
        try {
            GameIds.resolve(game, List.of()).withVariants(v);
        } catch (InvalidSettingException e) {
            throw n.error(e.problem());
        } catch (RuntimeException e) {
            // an unknown game id is reported where the game is resolved
        }
        return v;
    }

    static VideoSettings defaults() {
        return new VideoSettings(0, 2000, 300, 20, 4, 10, "actor", "paper", "greedy");
    }

    private static VideoSettings video(ConfigNode n, VideoSettings d) {
        if (n == null) {
            return d;
        }
        Map<String, ConfigNode> m = n.map(VIDEO_KEYS);
        int start = d.start();
        if (m.containsKey("start")) {
            ConfigNode s = m.get("start");
            start = s.isNull() ? 0 : s.string().equals("highlights") ? -1 : (int) s.integer(0, 100_000);
        }
        int scan = m.containsKey("scan") ? (int) m.get("scan").integer(1, 100_000) : d.scan();
        int frames = m.containsKey("frames") ? (int) m.get("frames").integer(1, 20_000) : d.frames();
        // record's own settings, read by their one declaration (ranges, choices, the colours' check); the defaults are the study's
        int fps = m.containsKey("fps") ? Math.toIntExact((Long) m.get("fps").setting(SharedSettings.FPS)) : d.fps();
        int scale = m.containsKey("scale") ? Math.toIntExact((Long) m.get("scale").setting(SharedSettings.SCALE)) : d.scale();
        int quality = m.containsKey("quality") ? Record.quality((String) m.get("quality").setting(Record.QUALITY)) : d.quality();
        String overlay = m.containsKey("overlay") ? (String) m.get("overlay").setting(Record.OVERLAY) : d.overlay();
        String colors = m.containsKey("colors") ? (String) m.get("colors").setting(Record.OVERLAY_COLORS) : d.colors();
        String policy = m.containsKey("policy") ? (String) m.get("policy").setting(SharedSettings.POLICY) : d.policy();
        if (start >= 0 && m.containsKey("scan")) {
            throw m.get("scan").error("is only used with start: highlights (it is how far the build searches for the clip); leave it out");
        }
        if (overlay.equals("none") && m.containsKey("colors")) {
            throw m.get("colors").error("is not used with overlay: none (no saliency is drawn); leave it out");
        }
        if (start < 0 && scan < frames) {
            throw (m.containsKey("scan") ? m.get("scan") : n).error("highlights searches 'scan' steps for the clip, so scan (" + scan
                    + ") must be at least frames (" + frames + ")");
        }
        return new VideoSettings(start, scan, frames, fps, scale, quality, overlay, colors, policy);
    }

    private static List<Condition> conditions(ConfigNode n, VideoSettings video) {
        List<Condition> out = new ArrayList<>();
        if (n == null) {
            out.add(new Condition("all", null, video));
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            String id = e.getKey();
            ConfigNode c = e.getValue();
            if (!id.matches(NAME)) {
                throw c.error("condition ids must be letters, digits, '.', '_', '+' or '-', got '" + id + "'");
            }
            if (c.isNull()) {
                out.add(new Condition(id, null, video));
                continue;
            }
            Map<String, ConfigNode> m = c.map(Set.of("saliency", "video"));
            Boolean saliency = m.containsKey("saliency") ? m.get("saliency").bool() : null;
            out.add(new Condition(id, saliency, video(m.get("video"), video)));
        }
        if (out.isEmpty()) {
            throw n.error("must name at least one condition (or leave 'conditions' out for one)");
        }
        return out;
    }

    private static List<Block> blocks(ConfigNode n) {
        List<Block> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        Set<String> ids = new HashSet<>();
        for (ConfigNode b : n.list()) {
            Map<String, ConfigNode> m = b.map(Set.of("id", "title", "saliency"));
            String id = required(b, m, "id", "the block's name").name("[a-z][a-z0-9_-]{0,31}", "lower-case letters, digits, '_' or '-'");
            if (!ids.add(id)) {
                throw m.get("id").error("block '" + id + "' is given twice");
            }
            out.add(new Block(id, m.containsKey("title") ? m.get("title").string() : null,
                    m.containsKey("saliency") ? m.get("saliency").bool() : null));
        }
        return out;
    }

    private static final Set<String> PAGE_KEYS = Set.of("id", "type", "title", "text", "agents", "require_end", "questions", "feedback", "button",
            "glossary", "picture");

    private static List<PageSpec> pages(ConfigNode n, Map<String, Agent> agents, boolean haveBlocks) {
        List<PageSpec> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        boolean repeatSeen = false;
        for (ConfigNode p : n.list()) {
            if (p.hasKey("repeat")) {
                Map<String, ConfigNode> r = p.map(Set.of("repeat", "pages"));
                r.get("repeat").choice(List.of("blocks"));
                if (!haveBlocks) {
                    throw r.get("repeat").error("repeats pages per block, but the study has no 'blocks'");
                }
                if (repeatSeen) {
                    throw p.error("only one '- repeat: blocks' group is allowed; put all the per-block pages in it");
                }
                repeatSeen = true;
                for (ConfigNode q : required(p, r, "pages", "the pages shown once per block").list()) {
                    out.add(page(q, agents, true, ids));
                }
            } else {
                out.add(page(p, agents, false, ids));
            }
        }
        if (out.isEmpty()) {
            throw n.error("must list at least one page");
        }
        PageSpec last = out.get(out.size() - 1);
        if (!last.type().equals("debrief")) {
            throw n.error("the last page must be the debrief (type: debrief), where participants get their completion code");
        }
        if (out.stream().filter(p -> p.type().equals("debrief")).count() > 1) {
            throw n.error("only one debrief page is allowed (the last page)");
        }
        return out;
    }

    private static PageSpec page(ConfigNode p, Map<String, Agent> agents, boolean repeated, Set<String> ids) {
        Map<String, ConfigNode> m = p.map(PAGE_KEYS);
        String type = required(p, m, "type", String.join("|", PAGE_TYPES)).choice(PAGE_TYPES);
        String id = m.containsKey("id") ? m.get("id").name("[a-z][a-z0-9_-]{0,31}", "lower-case letters, digits, '_' or '-'") : type;
        if (!ids.add(id)) {
            throw (m.containsKey("id") ? m.get("id") : p).error("page id '" + id + "' is used twice; give each page its own 'id'");
        }
        if (repeated && type.equals("debrief")) {
            throw p.error("the debrief cannot be repeated per block");
        }
        String title = m.containsKey("title") ? m.get("title").string() : null;
        String text = m.containsKey("text") ? m.get("text").string() : null;
        List<String> shown = new ArrayList<>();
        if (type.equals("video")) {
            ConfigNode a = required(p, m, "agents", "the agents whose clips this page shows, e.g. [overfit, control]");
            for (ConfigNode x : a.list()) {
                String agent = x.string();
                if (!agents.containsKey(agent)) {
                    throw x.error("no agent '" + agent + "' (agents: " + String.join(", ", agents.keySet()) + ")");
                }
                if (shown.contains(agent)) {
                    throw x.error("agent '" + agent + "' is listed twice");
                }
                shown.add(agent);
            }
        } else if (m.containsKey("agents")) {
            throw m.get("agents").error("only video pages show agents");
        }
        boolean requireEnd = m.containsKey("require_end") && m.get("require_end").bool();
        if (requireEnd && !type.equals("video")) {
            throw m.get("require_end").error("only video pages can require watching to the end");
        }
        List<QuestionSpec> questions = new ArrayList<>();
        if (m.containsKey("questions")) {
            if (type.equals("debrief")) {
                throw m.get("questions").error("the debrief has no questions (put them on a page before it)");
            }
            Set<String> qids = new HashSet<>();
            for (ConfigNode q : m.get("questions").list()) {
                QuestionSpec qs = question(q, agents);
                if (!qids.add(qs.id())) {
                    throw q.error("question id '" + qs.id() + "' is used twice on this page");
                }
                questions.add(qs);
            }
        }
        if ((type.equals("questions") || type.equals("check")) && questions.isEmpty()) {
            throw p.error("a " + type + " page needs 'questions'");
        }
        String feedback = null;
        if (type.equals("check")) {
            feedback = required(p, m, "feedback", "what a participant who answered wrongly is told before trying again").string();
            for (QuestionSpec q : questions) {
                if (q.correct() == null) {
                    throw p.error("check page question '" + q.id() + "' needs 'correct' (the answer it checks)");
                }
            }
        } else if (m.containsKey("feedback")) {
            throw m.get("feedback").error("only check pages give feedback");
        }
        if (type.equals("consent") && text == null) {
            throw p.error("the consent page needs 'text' (what participants agree to)");
        }
        String button = m.containsKey("button") ? m.get("button").string() : null;
        String picture = m.containsKey("picture") ? m.get("picture").choice(PICTURES) : null;
        return new PageSpec(id, type, title, text, shown, requireEnd, questions, feedback, button, repeated, glossary(m.get("glossary")), picture);
    }

    /** A page's glossary: a list of one-entry maps, {@code - term: explanation}. */
    private static List<StudyDefinition.Term> glossary(ConfigNode n) {
        List<StudyDefinition.Term> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        for (ConfigNode e : n.list()) {
            Map<String, ConfigNode> entry = e.isMap() ? e.entries() : Map.of();
            if (entry.size() != 1) {
                throw e.error("a glossary entry is one 'term: explanation' line, e.g. '- agent: a computer program that learned to play'");
            }
            Map.Entry<String, ConfigNode> only = entry.entrySet().iterator().next();
            out.add(new StudyDefinition.Term(only.getKey(), only.getValue().string()));
        }
        return out;
    }

    private static final Set<String> QUESTION_KEYS = Set.of("id", "type", "prompt", "options", "correct", "required", "attention",
            "scale", "min", "max", "step", "min_label", "max_label", "max_length", "hypothesis");

    private static QuestionSpec question(ConfigNode q, Map<String, Agent> agents) {
        Map<String, ConfigNode> m = q.map(QUESTION_KEYS);
        String id = required(q, m, "id", "the question's name in the export").name("[a-z][a-z0-9_]{0,31}",
                "lower-case letters, digits or '_' (a column-friendly name)");
        if (StudyDefinition.RESERVED_QUESTION_IDS.contains(id)) {
            throw m.get("id").error("'" + id + "' is reserved by the study server's forms (" + String.join(", ", StudyDefinition.RESERVED_QUESTION_IDS)
                    + "); choose another id");
        }
        String type = required(q, m, "type", String.join("|", QUESTION_TYPES)).choice(QUESTION_TYPES);
        String prompt = nonBlank(required(q, m, "prompt", "the question text"));
        List<String> options = null;
        Double min = null, max = null, step = null;
        Integer maxLength = null;
        String minLabel = m.containsKey("min_label") ? m.get("min_label").string() : null;
        String maxLabel = m.containsKey("max_label") ? m.get("max_label").string() : null;
        for (String k : List.of("scale", "min", "max", "step", "max_length", "options")) {
            boolean allowed = switch (k) {
                case "scale" -> type.equals("likert");
                case "min", "max", "step" -> type.equals("slider");
                case "max_length" -> type.equals("text");
                default -> type.equals("choice") || type.equals("likert");
            };
            if (m.containsKey(k) && !allowed) {
                throw m.get(k).error("'" + k + "' does not apply to a " + type + " question");
            }
        }
        switch (type) {
            case "choice" -> {
                options = new ArrayList<>();
                for (ConfigNode o : required(q, m, "options", "the answers to choose from; 'agents' stands for the agents' labels").list()) {
                    String v = o.string().strip();
                    if (v.isEmpty() || options.contains(v)) {
                        throw o.error(v.isEmpty() ? "options must not be empty" : "option '" + v + "' is given twice");
                    }
                    options.add(v);
                }
                if (options.size() < 2 && !options.contains(AGENTS_TOKEN)) {
                    throw m.get("options").error("a choice needs at least two options");
                }
            }
            case "likert" -> {
                if (m.containsKey("options") == m.containsKey("scale")) {
                    throw q.error("a likert question needs either 'scale' (number of points, with min_label/max_label) or 'options' (a label per point)");
                }
                options = new ArrayList<>();
                if (m.containsKey("scale")) {
                    int n = (int) m.get("scale").integer(2, 11);
                    for (int i = 1; i <= n; i++) {
                        options.add(Integer.toString(i));
                    }
                } else {
                    for (ConfigNode o : m.get("options").list()) {
                        options.add(o.string().strip());
                    }
                    if (options.size() < 2) {
                        throw m.get("options").error("a likert scale needs at least two points");
                    }
                }
            }
            case "slider" -> {
                min = m.containsKey("min") ? m.get("min").number(-1e9, 1e9) : 0.0;
                max = m.containsKey("max") ? m.get("max").number(-1e9, 1e9) : 100.0;
                step = m.containsKey("step") ? m.get("step").number(1e-9, 1e9) : 1.0;
                if (!(max > min)) {
                    throw (m.containsKey("max") ? m.get("max") : q).error("max (" + max + ") must be greater than min (" + min + ")");
                }
            }
            default -> maxLength = m.containsKey("max_length") ? (int) m.get("max_length").integer(1, 20_000) : 2000;
        }
        String correct = null;
        if (m.containsKey("correct")) {
            correct = m.get("correct").string().strip();
            if (!type.equals("choice") && !type.equals("likert")) {
                throw m.get("correct").error("only choice and likert questions have a correct answer");
            }
            boolean ok = options.contains(correct) || (options.contains(AGENTS_TOKEN) && agents.containsKey(correct));
            if (!ok || correct.equals(AGENTS_TOKEN)) {
                List<String> valid = new ArrayList<>(new LinkedHashSet<>(options));
                if (valid.remove(AGENTS_TOKEN)) {
                    valid.addAll(agents.keySet());
                }
                throw m.get("correct").error("'" + correct + "' is not an option; choose one of " + String.join(", ", valid)
                        + (options.contains(AGENTS_TOKEN) ? " (agents are named by their id)" : ""));
            }
        }
        boolean attention = m.containsKey("attention") && m.get("attention").bool();
        if (attention && correct == null) {
            throw m.get("attention").error("an attention check needs 'correct' (the answer an attentive participant gives)");
        }
        boolean required = m.containsKey("required") ? m.get("required").bool() : !type.equals("text");
        String hypothesis = m.containsKey("hypothesis") ? nonBlank(m.get("hypothesis")) : null;
        if (hypothesis != null && attention) {
            throw m.get("hypothesis").error("an attention check tests no hypothesis; put the hypothesis on the question that measures it");
        }
        return new QuestionSpec(id, type, prompt, options, correct, required, attention, min, max, step, minLabel, maxLabel, maxLength, hypothesis);
    }
}
