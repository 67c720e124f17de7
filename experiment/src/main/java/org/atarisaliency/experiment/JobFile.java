package org.atarisaliency.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads a job.json (as `run` writes in every job folder) for `run-job`, validated as strictly as
 * a config: every key of the spec is known, of its type and in its range (one line naming the
 * file, line and key otherwise); the job's id must be the one its spec gives ({@link JobSpec#idOf}),
 * so an edited seed cannot write into the folder of another; and spec_sha256 must be the spec's.
 */
public final class JobFile {
    private static final Set<String> TOP = Set.of("tool", "created", "system", "experiment", "job", "type", "spec_sha256", "spec", "command", "ran_on");
    private static final Set<String> GAME = Set.of("id", "rom", "rom_md5", "frame_skip", "repeat_action_probability");
    private static final Set<String> AGENT = Set.of("label", "file", "sha256");
    private static final Set<String> AGENT_KEYS = Set.of("label", "file", "sha256", "hints", "hints_expert_sha256");
    private static final Set<String> FRAMES = Set.of("start", "count");

    /** A job spec and the experiment it belongs to. */
    public record Loaded(JobSpec job, String experiment) {
    }

    private JobFile() {
    }

    /**
     * Writes {@code job}'s spec as a job.json that {@link #read} (and {@code run-job}) accepts: what a cluster's
     * worker is given. Written under a temporary name and renamed.
     */
    public static void write(Path file, JobSpec job, String experiment) throws IOException {
        writer(experiment).write(file, job);
    }

    /** A writer of many specs of one experiment (the provenance header is made once). */
    public static Writer writer(String experiment) throws IOException {
        Map<String, Object> base = org.atarisaliency.pipelines.Provenance.base(null);
        base.put("experiment", experiment);
        return new Writer(base);
    }

    /** Writes job.json files sharing one provenance header. */
    public static final class Writer {
        private final Map<String, Object> base;

        private Writer(Map<String, Object> base) {
            this.base = base;
        }

        /** Writes {@code job}'s spec to {@code file} (temporary name, then rename). */
        public void write(Path file, JobSpec job) throws IOException {
            Map<String, Object> m = new java.util.LinkedHashMap<>(base);
            m.put("job", job.id());
            m.put("type", job.type());
            m.put("spec_sha256", job.hash());
            m.put("spec", job.spec());
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            org.atarisaliency.env.OutputFiles.writeText(file, org.atarisaliency.pipelines.Json.write(m) + "\n");
        }
    }

    /** Reads and checks {@code file}. */
    @SuppressWarnings("unchecked")
    public static Loaded read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + " is not a regular file; pass a job.json written by `run`");
        }
        ConfigNode root = ConfigNode.parse(file);
        Object loaded = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
        if (!(loaded instanceof Map<?, ?> any) || !any.containsKey("job") || !any.containsKey("type") || !any.containsKey("spec")) {
            throw new ConfigException(file + " is not a job spec: expected a job.json with \"job\", \"type\" and \"spec\" (written by `run`)");
        }
        Map<String, ConfigNode> top = root.map(TOP);
        String type = top.get("type").choice(JobTypes.names());
        validateSpec(top.get("spec"), type);
        Map<String, Object> raw = (Map<String, Object>) loaded;
        JobSpec job = JobSpec.of((Map<String, Object>) raw.get("spec"));
        String id = top.get("job").string();
        if (!id.equals(job.id())) {
            throw top.get("job").error("the job id '" + id + "' does not follow from its spec, which gives '" + job.id()
                    + "'; a job's id names its content: edit the spec and the id together, or plan the job again with `run`");
        }
        if (top.containsKey("spec_sha256") && !top.get("spec_sha256").string().equals(job.hash())) {
            throw top.get("spec_sha256").error("does not match the spec (its sha256 is " + job.hash() + "); the spec was edited by hand:"
                    + " plan the job again with `run`");
        }
        String experiment = top.containsKey("experiment") && !top.get("experiment").isNull() ? top.get("experiment").string() : "";
        return new Loaded(job, experiment);
    }

    private static void validateSpec(ConfigNode spec, String type) {
        Set<String> keys = new HashSet<>(Set.of("type", "game", "seed", "settings"));
        keys.addAll(JobTypes.get(type).specKeys());
        Map<String, ConfigNode> m = spec.map(keys);
        for (String k : keys) {
            if (!m.containsKey(k)) {
                throw spec.error("missing key '" + k + "' (a " + type + " job's spec has " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
        if (!m.get("type").string().equals(type)) {
            throw m.get("type").error("must be the job's type '" + type + "'");
        }
        Map<String, ConfigNode> game = complete(m.get("game"), GAME);
        game.get("id").string();
        game.get("rom").string();
        game.get("rom_md5").name("[0-9a-f]{32}", "an md5 checksum");
        game.get("frame_skip").string();
        game.get("repeat_action_probability").number(0, 1);
        m.get("seed").integer(0, Integer.MAX_VALUE);
        if (m.containsKey("agent")) {
            agent(m.get("agent"));
        }
        if (m.containsKey("frames")) {
            Map<String, ConfigNode> f = complete(m.get("frames"), FRAMES);
            f.get("start").integer(0, 1_000_000);
            f.get("count").integer(1, 1_000_000);
        }
        if (m.containsKey("method")) {
            method(m.get("method"));
        }
        Schema settings = JobTypes.get(type).specSchema();
        if (type.equals("progression")) {
            String reference = m.get("reference").name(ExperimentConfig.NAME, "an agent label");
            List<ConfigNode> cps = m.get("checkpoints").list();
            boolean found = false;
            for (ConfigNode c : cps) {
                found |= agent(c).equals(reference);
            }
            if (cps.size() < 2 || !found) {
                throw m.get("checkpoints").error("must list two or more agents, the reference '" + reference + "' among them");
            }
        }
        if (type.equals("imitate")) {
            m.get("hints").choice(ImitateJob.HINTS);
        }
        settings.readComplete(m.get("settings"));
    }

    private static String agent(ConfigNode node) {
        Map<String, ConfigNode> a = node.map(AGENT_KEYS);
        for (String k : AGENT) {
            if (!a.containsKey(k)) {
                throw node.error("missing key '" + k + "'");
            }
        }
        a.get("file").string();
        a.get("sha256").name("[0-9a-f]{64}", "a sha256 checksum");
        if (a.containsKey("hints")) {
            String h = a.get("hints").name("off|random|expert:.+", "off, random or expert:FILE");
            if (h.startsWith("expert:") != a.containsKey("hints_expert_sha256")) {
                throw node.error("expert hints need hints_expert_sha256 (and only they have it)");
            }
        } else if (a.containsKey("hints_expert_sha256")) {
            throw node.error("hints_expert_sha256 without expert hints");
        }
        if (a.containsKey("hints_expert_sha256")) {
            a.get("hints_expert_sha256").name("[0-9a-f]{64}", "a sha256 checksum");
        }
        return a.get("label").name(ExperimentConfig.NAME, "an agent label");
    }

    private static void method(ConfigNode node) {
        Map<String, ConfigNode> given = node.map(ExperimentConfig.METHOD_KEYS);
        if (!given.containsKey("method") || !given.containsKey("label")) {
            throw node.error("missing key '" + (given.containsKey("method") ? "label" : "method") + "'");
        }
        String name = given.get("method").choice(List.copyOf(new java.util.TreeSet<>(ExperimentConfig.METHODS.keySet())));
        given.get("label").name(ExperimentConfig.NAME, "a method label");
        Schema schema = ExperimentConfig.METHODS.get(name);
        for (String k : schema.keys()) {
            if (!given.containsKey(k)) {
                throw node.error("missing key '" + k + "'");
            }
            schema.readKey(k, given.get(k));
        }
        for (String k : given.keySet()) {
            if (!k.equals("method") && !k.equals("label") && !schema.keys().contains(k)) {
                throw given.get(k).error("not a setting of method '" + name + "'");
            }
        }
    }

    private static Map<String, ConfigNode> complete(ConfigNode node, Set<String> keys) {
        Map<String, ConfigNode> m = node.map(keys);
        for (String k : keys) {
            if (!m.containsKey(k)) {
                throw node.error("missing key '" + k + "'");
            }
        }
        return m;
    }
}
