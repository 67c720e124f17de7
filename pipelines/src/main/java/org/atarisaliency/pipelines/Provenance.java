package org.atarisaliency.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The provenance every output carries: tool and library versions (from the build's poms), the
 * machine, the git commit, the agent's checksum. Each pipeline's {@code Settings} adds its own
 * settings ({@code provenance()}), so what is recorded is generated from what ran; {@link #document}
 * assembles the head of every command's output from them.
 */
public final class Provenance {
    private static final Properties BUILD = load();
    private static String commit;

    private Provenance() {
    }

    /** This build's version string. */
    public static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    /** "atari-saliency VERSION", the value of every output's "tool" key. */
    public static String tool() {
        return "atari-saliency " + version();
    }

    /** Tool, creation time, agent file and its sha256 (when {@code agent} is not null), and the system. */
    public static Map<String, Object> base(Path agent) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", tool());
        m.put("created", Instant.now().toString());
        if (agent != null) {
            m.put("agent", agent.toString());
            m.put("agent_sha256", Checksums.sha256(agent));
        }
        m.put("system", system());
        return m;
    }

    /**
     * The head of a command's output document (run.json, summary.json, a command's JSON): {@link #base},
     * then {@code "command"}, then the game as played ({@link Game#provenance()}) and the run's
     * {@code "settings"}; the caller adds its results after them.
     *
     * @param agent     the agent file, or null for a run that starts without one (train, imitate)
     * @param game      the game played, or null where the settings name it
     * @param settings  the settings block, or null where a document records its settings otherwise
     */
    public static Map<String, Object> document(String command, Path agent, Game game, Map<String, Object> settings) throws IOException {
        Map<String, Object> m = base(agent);
        m.put("command", command);
        if (game != null) {
            m.putAll(game.provenance());
        }
        if (settings != null) {
            m.put("settings", settings);
        }
        return m;
    }

    /** The machine in one line, as the benchmarks print it: "amd64, 2 cores, Java 17.0.x". */
    public static String machine() {
        return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version");
    }

    /** Software and machine facts, with the git commit of the source tree when it is known. */
    public static Map<String, Object> system() {
        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put("java", System.getProperty("java.version"));
        sys.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        sys.put("arch", System.getProperty("os.arch"));
        sys.put("cores", Runtime.getRuntime().availableProcessors());
        sys.put("nd4j", BUILD.getProperty("nd4j", "unknown"));
        sys.put("ale", BUILD.getProperty("ale", "unknown").replaceFirst("-.*", ""));
        sys.put("git_commit", gitCommit());
        // the environment's OpenMP thread count (experiment jobs pin their own threads to one, see JobExecutor)
        sys.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        return sys;
    }

    /** HEAD of the checkout the tool runs from ("+dirty" with uncommitted changes), or null outside one. */
    public static synchronized String gitCommit() {
        if (commit == null) {
            commit = lookUpCommit();
        }
        return commit.isEmpty() ? null : commit;
    }

    /** Writes JSON atomically: a temporary file in the same folder, then a rename. */
    public static void writeJson(Path file, Object value) throws IOException {
        RunFolder.writeString(file, Json.write(value) + "\n");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/atari-saliency.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // versions read "unknown"
        }
        return p;
    }

    private static String lookUpCommit() {
        String home = System.getProperty("atari.home");
        if (home == null) {
            return "";
        }
        try {
            String head = git(home, "rev-parse", "HEAD");
            if (head.isEmpty()) {
                return "";
            }
            String dirty = git(home, "status", "--porcelain", "--untracked-files=no");
            return dirty.isEmpty() ? head : head + "+dirty";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static String git(String dir, String... args) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", dir));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? out : "";
    }
}
