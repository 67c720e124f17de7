package org.atarisaliency.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker command line, the one place that spells it: what a cluster task runs (this toolkit's
 * JVM, {@link #thisJvm}, or the image's {@link #IMAGE_COMMAND}), the {@code run-job} arguments that
 * name its job ({@link #runJob}, {@link #runIndexedJob}) and the environment it runs in
 * ({@link #environment}). {@link SlurmScript} and {@link KubernetesJob} render it; cli's {@code run}
 * passes {@link #thisJvm} and {@link #environment} to the Slurm backend.
 */
public final class WorkerCommand {
    /** The toolkit's command inside a container image. */
    public static final String IMAGE_COMMAND = "atari-saliency";

    /** The subcommand each task runs. */
    static final String RUN_JOB = "run-job";

    private WorkerCommand() {
    }

    /**
     * The command that runs this very toolkit on a node, before {@code run-job}: the same Java, the same
     * classpath (the launcher's short one, {@code $atari.classpath}, else the JVM's) and the same home;
     * the nodes must see these paths.
     *
     * @param mainClass the class whose {@code main} reads the command line
     */
    public static List<String> thisJvm(String mainClass) {
        List<String> w = new ArrayList<>();
        w.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String home = System.getProperty("atari.home");
        if (home != null) {
            w.add("-Datari.home=" + Path.of(home).toAbsolutePath().normalize());
        }
        w.add("-cp");
        List<String> cp = new ArrayList<>();
        for (String p : System.getProperty("atari.classpath", System.getProperty("java.class.path")).split(File.pathSeparator)) {
            cp.add(p.endsWith("*") ? Path.of(p.substring(0, p.length() - 1)).toAbsolutePath() + "/*" : Path.of(p).toAbsolutePath().toString());
        }
        w.add(String.join(File.pathSeparator, cp));
        w.add(mainClass);
        return w;
    }

    /**
     * What a Slurm task exports before running its job: one OpenMP thread per job, as the launcher sets
     * for {@code run-job}, and this machine's {@code ATARI_ROMS_DIR} when it has one.
     */
    public static Map<String, String> environment() {
        Map<String, String> env = threads(1);
        String roms = System.getenv("ATARI_ROMS_DIR");
        if (roms != null) {
            env.put("ATARI_ROMS_DIR", roms);
        }
        return env;
    }

    /** OpenMP's settings for a task with {@code threads} threads, in the order they are written. */
    static Map<String, String> threads(int threads) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        return env;
    }

    /** {@code run-job}'s arguments for the job whose spec is {@code spec}, written into the run folder {@code out}. */
    static List<String> runJob(String spec, String out) {
        return List.of(RUN_JOB, spec, "--out", out, "--quiet");
    }

    /** {@code run-job}'s arguments for the job on line {@code task}+1 of {@code index}, written into the run folder {@code out}. */
    static List<String> runIndexedJob(String index, String task, String out) {
        return List.of(RUN_JOB, "--index", index, "--task", task, "--out", out, "--quiet");
    }
}
