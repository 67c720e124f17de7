package org.atarisaliency.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway single-node Slurm cluster (munged, slurmctld, slurmd) for tests, started by
 * {@code src/test/slurm/start-slurm.sh} with every file under one folder and stopped (folder removed)
 * by {@code stop-slurm.sh}:
 *
 * <pre>{@code
 * try (LocalSlurm slurm = LocalSlurm.start(tmp)) {      // skips the test when Slurm is not installed
 *     String id = slurm.run("sbatch", "--parsable", "--array=0-3", "job.sh").strip();
 *     Map<Integer, String> states = slurm.arrayStates(id); // {0=COMPLETED, 1=RUNNING, 2=PENDING, ...}
 * }
 * }</pre>
 *
 * <p>Client commands find the cluster through {@link #env()} ({@code SLURM_CONF}); {@link #command}
 * and {@link #run} apply it. Without Debian's slurmctld, slurmd, slurm-client and munge (or when not
 * root) the test is skipped with a loud line on stderr; with {@code -Datari.slurm.required=true} (run-tests
 * sets it) missing packages fail it instead (not being root still skips). A cluster that is installed but
 * does not start always fails the test.
 *
 * <p>Finished jobs stay visible to {@code squeue -t all} and {@code scontrol show job} for an hour
 * (MinJobAge=3600); every finished job is also a line of {@link #jobCompletionLog()}. An array index
 * cancelled while still pending (not yet split off the array's record) leaves no record at all.
 */
public final class LocalSlurm implements AutoCloseable {
    /** The scripts: {@code src/test/slurm} of the cluster module. */
    public static final Path SCRIPTS = scripts();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Map<String, String> env;
    private boolean closed;

    private LocalSlurm(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Collections.unmodifiableMap(env);
    }

    /**
     * Starts a cluster in {@code tempDir/slurm} (or a short folder under /tmp when that path is too long
     * for the munge socket) and waits until its node is idle. Skips the calling test when Slurm is not
     * installed (fails it then with {@code -Datari.slurm.required=true}) or we are not root.
     */
    public static LocalSlurm start(Path tempDir) {
        assumeAvailable();
        try {
            Path dir = tempDir.toAbsolutePath().resolve("slurm");
            if (dir.toString().length() > 80) {
                dir = Files.createTempDirectory(Path.of("/tmp"), "slurm");
            }
            Result started = exec(List.of("bash", SCRIPTS.resolve("start-slurm.sh").toString(), dir.toString()),
                Map.of(), START_TIMEOUT);
            if (started.exit() != 0) {
                throw new IllegalStateException("start-slurm.sh failed (exit " + started.exit() + "):\n" + started.stderr());
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : started.stdout().split("\n")) {
                if (line.startsWith("export ") && line.contains("=")) {
                    String kv = line.substring("export ".length());
                    env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            if (!env.containsKey("SLURM_CONF")) {
                throw new IllegalStateException("start-slurm.sh printed no SLURM_CONF:\n" + started.stdout() + started.stderr());
            }
            return new LocalSlurm(Path.of(env.get("ATARI_SLURM_DIR")), env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether Slurm's daemons and clients and munge are on the PATH and we are root. */
    public static boolean available() {
        return missing().isEmpty() && isRoot();
    }

    /**
     * What the client commands need in their environment: {@code SLURM_CONF}, and for reference
     * {@code ATARI_SLURM_DIR} and {@code ATARI_SLURM_{MUNGED,SLURMCTLD,SLURMD}_PID}.
     */
    public Map<String, String> env() {
        return env;
    }

    /** The pids of munged, slurmctld and slurmd, in that order of keys. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String daemon : List.of("munged", "slurmctld", "slurmd")) {
            pids.put(daemon, Long.parseLong(env.get("ATARI_SLURM_" + daemon.toUpperCase() + "_PID")));
        }
        return pids;
    }

    /** The cluster's folder (slurm.conf, log/, state/, spool/, munge/); removed by {@link #close()}. */
    public Path dir() {
        return dir;
    }

    /** jobcomp/filetxt's log: one line of KEY=VALUE fields (JobId, JobState, ArrayJobId, ArrayTaskId, ExitCode, ...) per finished job. */
    public Path jobCompletionLog() {
        return dir.resolve("log/jobcomp.txt");
    }

    /** A ProcessBuilder for a Slurm client command (sbatch, squeue, scancel, scontrol, ...) with {@link #env()} added. */
    public ProcessBuilder command(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs a client command (30 s at most) and returns its stdout; throws with stderr when it exits non-zero. */
    public String run(String... command) {
        Result result = exec(Arrays.asList(command), env, Duration.ofSeconds(30));
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + result.exit() + ": " + result.stderr());
        }
        return result.stdout();
    }

    /** Runs a client command and returns exit status, stdout and stderr, whatever the status. */
    public Result exec(Duration timeout, String... command) {
        return exec(Arrays.asList(command), env, timeout);
    }

    /**
     * The state of each index of array job {@code arrayJobId} that slurmctld still holds a record of, from
     * {@code scontrol -o show job ID}: PENDING (also each index of the not yet split pending range),
     * RUNNING, COMPLETING, COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, ...
     * Indices cancelled while pending are absent. Empty when the job is unknown.
     */
    public Map<Integer, String> arrayStates(String arrayJobId) {
        Result result = exec(List.of("scontrol", "-o", "show", "job", arrayJobId), env, Duration.ofSeconds(30));
        Map<Integer, String> states = new TreeMap<>();
        if (result.exit() != 0) {
            return states;
        }
        for (String line : result.stdout().split("\n")) {
            Map<String, String> fields = fields(line);
            String tasks = fields.get("ArrayTaskId");
            String state = fields.get("JobState");
            if (tasks == null || state == null || !arrayJobId.equals(fields.get("ArrayJobId"))) {
                continue;
            }
            for (int index : expand(tasks)) {
                states.put(index, state);
            }
        }
        return states;
    }

    /**
     * Copies the logs to {@code target/slurm-logs/}, stops the daemons (and this cluster's jobs) and removes
     * {@link #dir()}; again is a no-op.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        keepLogs();
        Result stopped = exec(List.of("bash", SCRIPTS.resolve("stop-slurm.sh").toString(), dir.toString()), Map.of(), STOP_TIMEOUT);
        if (stopped.exit() != 0) {
            throw new IllegalStateException("stop-slurm.sh failed (exit " + stopped.exit() + "): " + stopped.stderr());
        }
    }

    /** Copies the daemons' logs and jobcomp.txt to target/slurm-logs/FOLDER/ for a look after the run (best effort). */
    private void keepLogs() {
        try (var logs = Files.list(dir.resolve("log"))) {
            Path target = SCRIPTS.resolve("../../../target/slurm-logs").normalize().resolve(dir.getParent().getFileName() + "-" + dir.getFileName());
            Files.createDirectories(target);
            for (Path log : logs.toList()) {
                Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("LocalSlurm: could not keep the logs of " + dir + ": " + e);
        }
    }

    /** Exit status, stdout and stderr of a command. */
    public record Result(int exit, String stdout, String stderr) {
    }

    /** {@code scontrol -o} line fields: KEY=VALUE separated by spaces (values with spaces, like Command, are cut; fine here). */
    static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : line.strip().split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return fields;
    }

    /** Slurm's index list: "7", "3-4%4", "1,5-9:2%2" (commas, ranges, steps, a throttle suffix). */
    static List<Integer> expand(String tasks) {
        String list = tasks.contains("%") ? tasks.substring(0, tasks.indexOf('%')) : tasks;
        List<Integer> indices = new ArrayList<>();
        for (String part : list.split(",")) {
            int step = 1;
            if (part.contains(":")) {
                step = Integer.parseInt(part.substring(part.indexOf(':') + 1));
                part = part.substring(0, part.indexOf(':'));
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            for (int i = from; i <= to; i += step) {
                indices.add(i);
            }
        }
        return indices;
    }

    private static Result exec(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("slurm-cmd", ".out");
            Path err = Files.createTempFile("slurm-cmd", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " ran over " + timeout.toSeconds() + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String binary : List.of("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol", "sinfo")) {
            if (!onPath(binary)) {
                missing.add(binary);
            }
        }
        return missing;
    }

    private static boolean onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void assumeAvailable() {
        List<String> missing = missing();
        String message;
        if (!missing.isEmpty()) {
            message = "Slurm is not installed (missing " + String.join(", ", missing) + "): apt-get install slurmctld slurmd"
                + " slurm-client munge (" + SCRIPTS.resolve("install-slurm.sh") + "; run-tests does) to run the Slurm tests";
        } else if (!isRoot()) {
            // not a missing package: skipped even with -Datari.slurm.required=true (run-tests may run as a user)
            message = "the local Slurm cluster runs as root (SlurmUser=root); the Slurm tests need root";
        } else {
            return;
        }
        System.err.println();
        System.err.println("!!!!!!!! " + message);
        System.err.println();
        if (!missing.isEmpty() && Boolean.getBoolean("atari.slurm.required")) {
            throw new IllegalStateException(message + " (required: -Datari.slurm.required=true)");
        }
        Assumptions.abort(message);
    }

    private static Path scripts() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path project = Path.of(System.getProperty("atari.project", base.resolve("..").toString())).toAbsolutePath();
        for (Path candidate : List.of(base.resolve("src/test/slurm"), project.resolve("cluster/src/test/slurm"), base.resolve("cluster/src/test/slurm"))) {
            if (Files.isRegularFile(candidate.resolve("start-slurm.sh"))) {
                return candidate;
            }
        }
        return base.resolve("src/test/slurm");
    }
}
