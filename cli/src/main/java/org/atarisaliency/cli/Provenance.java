package org.atarisaliency.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.Agents;

/** The provenance every output carries (run.json): agent checksum, versions, machine. */
public final class Provenance {
    private Provenance() {
    }

    /** Agent, software and machine facts. */
    public static Map<String, Object> base(Path agent) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "atari-saliency " + Main.version());
        m.put("created", Instant.now().toString());
        if (agent != null) {
            m.put("agent", agent.toString());
            m.put("agent_sha256", Agents.sha256(agent));
        }
        m.put("system", system());
        return m;
    }

    /** Software and machine facts, with the git commit of the source tree when it is known. */
    public static Map<String, Object> system() {
        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put("java", System.getProperty("java.version"));
        sys.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        sys.put("arch", System.getProperty("os.arch"));
        sys.put("cores", Runtime.getRuntime().availableProcessors());
        sys.put("nd4j", "1.0.0-M2.1");
        sys.put("ale", "0.7.3");
        sys.put("git_commit", gitCommit());
        // the environment's OpenMP thread count (experiment jobs pin their own threads to one, see JobExecutor)
        sys.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        return sys;
    }

    private static String commit;

    /** HEAD of the checkout the tool runs from ("+dirty" with uncommitted changes), or null outside one. */
    public static synchronized String gitCommit() {
        if (commit == null) {
            commit = lookUpCommit();
        }
        return commit.isEmpty() ? null : commit;
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

    /** Writes JSON atomically: a temp file in the same folder, then a rename. */
    public static void writeJson(Path file, Object value) throws IOException {
        Path tmp = org.atarisaliency.env.OutputFiles.tempBeside(file);
        try {
            Files.writeString(tmp, Json.write(value) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
