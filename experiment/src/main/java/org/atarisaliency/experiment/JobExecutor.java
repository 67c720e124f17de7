package org.atarisaliency.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.pipelines.Checksums;
import org.atarisaliency.pipelines.NativeThreads;
import org.atarisaliency.pipelines.Provenance;

/**
 * Runs one job from its spec into {@code parent/JOB-ID/}: the inputs are checked against the
 * spec's checksums, the job's pipeline runs into a temporary folder with job.json first and
 * status.json (with every output's size and checksum) last, and the folder is renamed into place
 * when complete. Nothing but the spec is needed, so any machine with the agent files and ROMs can
 * run any job (`atari-saliency run-job`).
 */
public final class JobExecutor {

    private JobExecutor() {
    }

    /** Runs {@code job}; {@code experiment} names it in job.json. Returns the job's folder. */
    public static Path execute(JobSpec job, String experiment, Path parent, DoubleConsumer progress) throws Exception {
        checkInputs(job);
        NativeThreads.pinToOne();
        Files.createDirectories(parent);
        Path tmp = OutputFiles.tempFolder(parent, ".tmp-" + job.id() + "-");
        boolean moved = false;
        try {
            long s = System.nanoTime();
            Map<String, Object> provenance = Provenance.base(null);
            provenance.put("experiment", experiment);
            provenance.put("job", job.id());
            provenance.put("type", job.type());
            provenance.put("spec_sha256", job.hash());
            provenance.put("spec", job.spec());
            provenance.put("ran_on", where());
            Provenance.writeJson(tmp.resolve(RunStore.JOB), provenance);
            Map<String, Object> result = Jobs.run(job, tmp, progress);
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("status", "done");
            status.put("id", job.id());
            status.put("spec_sha256", job.hash());
            status.put("seconds", (System.nanoTime() - s) / 1e9);
            status.put("finished", Instant.now().toString());
            status.put("ran_on", where());
            if (result != null) {
                status.put("result", result);
            }
            status.put("outputs", RunStore.describeOutputs(tmp));
            // written last: a folder without it is not finished
            Provenance.writeJson(tmp.resolve(RunStore.STATUS), status);
            Path target = parent.resolve(job.id());
            OutputFiles.replaceFolder(tmp, target);
            moved = true;
            return target;
        } finally {
            if (!moved) {
                OutputFiles.deleteTree(tmp);
                OutputFiles.released(tmp);
            }
        }
    }

    /** Where this job runs: the host, and the scheduler's ids when a scheduler started it (Slurm, a Kubernetes indexed job). */
    public static Map<String, Object> where() {
        Map<String, Object> m = new LinkedHashMap<>();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
        m.put("host", host);
        for (String k : List.of("SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_CLUSTER_NAME", "SLURMD_NODENAME",
                "JOB_COMPLETION_INDEX")) {
            String v = System.getenv(k);
            if (v != null) {
                m.put(k.toLowerCase(java.util.Locale.ROOT), v);
            }
        }
        return m;
    }

    /** The agent files and ROM must be the ones the spec names by checksum. */
    private static void checkInputs(JobSpec job) throws IOException {
        Path rom = job.rom();
        if (!Files.isRegularFile(rom)) {
            throw new JobFailedException("ROM not found: " + rom + " (the job's spec names this file)");
        }
        String md5 = Checksums.md5(rom);
        if (!md5.equals(job.text("game", "rom_md5"))) {
            throw new JobFailedException("ROM " + rom + " has md5 " + md5 + ", the job's spec expects " + job.text("game", "rom_md5"));
        }
        List<Map<String, Object>> agents = job.spec().containsKey("checkpoints") ? job.list("checkpoints") : List.of(job.section("agent"));
        for (Map<String, Object> a : agents) {
            if (a.get("hints") instanceof String h && h.startsWith("expert:")) {
                Path expert = Path.of(h.substring(7));
                if (!Files.isRegularFile(expert) || !Checksums.sha256(expert).equals(a.get("hints_expert_sha256"))) {
                    throw new JobFailedException("the hints' expert " + expert + " is missing or has changed since the job was planned;"
                            + " run the experiment again to replan");
                }
            }
            Path f = Path.of(String.valueOf(a.get("file")));
            if (!Files.isRegularFile(f)) {
                throw new JobFailedException("agent file not found: " + f + " (the job's spec names this file)");
            }
            String sha = Checksums.sha256(f);
            if (!sha.equals(a.get("sha256"))) {
                throw new JobFailedException("agent " + f + " has changed since the job was planned (sha256 " + sha.substring(0, 12)
                        + "..., expected " + String.valueOf(a.get("sha256")).substring(0, Math.min(12, String.valueOf(a.get("sha256")).length()))
                        + "...); run the experiment again to replan");
            }
        }
    }
}
