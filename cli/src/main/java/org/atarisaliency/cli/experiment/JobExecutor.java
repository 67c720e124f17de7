package org.atarisaliency.cli.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.cli.Provenance;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.OutputFiles;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs one job from its spec into {@code parent/JOB-ID/}: the inputs are checked against the
 * spec's checksums, the outputs are written into a temporary folder with job.json first and
 * status.json last, and the folder is renamed into place when complete. Nothing but the spec is
 * needed, so any machine with the agent files and ROMs can run any job (`atari-saliency run-job`).
 */
public final class JobExecutor {
    /** The file whose presence (with status "done" and the spec's hash) marks a finished job. */
    public static final String STATUS = "status.json";

    private JobExecutor() {
    }

    /** Runs {@code job}; {@code experiment} names it in job.json. Returns the job's folder. */
    public static Path execute(JobSpec job, String experiment, Path parent, DoubleConsumer progress) throws Exception {
        checkInputs(job);
        pinNativeThreads();
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
            if (CommandJob.handles(job.type())) {
                provenance.put("command", "atari-saliency " + String.join(" ", CommandJob.arguments(job, Path.of(job.id()))));
            }
            Provenance.writeJson(tmp.resolve("job.json"), provenance);
            Map<String, Object> result = switch (job.type()) {
                case "maps" -> {
                    MapsJob.run(job, tmp, progress);
                    yield null;
                }
                case "progression" -> ProgressionJob.run(job, tmp, progress);
                default -> {
                    CommandJob.run(job, tmp, progress);
                    yield null;
                }
            };
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("status", "done");
            status.put("id", job.id());
            status.put("spec_sha256", job.hash());
            status.put("seconds", (System.nanoTime() - s) / 1e9);
            status.put("finished", Instant.now().toString());
            if (result != null) {
                status.put("result", result);
            }
            // written last: a folder without it is not finished
            Provenance.writeJson(tmp.resolve(STATUS), status);
            Path target = parent.resolve(job.id());
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(parent, ".old-" + job.id() + "-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            return target;
        } finally {
            if (!moved) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * One OpenMP thread for the native ops this thread runs (OpenMP keeps the count per thread): the
     * summation order of the native kernels, and so the last bits of every map, must not depend on
     * $OMP_NUM_THREADS or on how many jobs run at once.
     */
    private static void pinNativeThreads() {
        org.nd4j.linalg.factory.Nd4j.getExecutioner();
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    /** The status of {@code parent/JOB-ID} if it is a finished run of exactly this spec, else null. */
    public static Map<String, Object> finishedStatus(JobSpec job, Path parent) {
        Path status = parent.resolve(job.id()).resolve(STATUS);
        if (!Files.isRegularFile(status)) {
            return null;
        }
        try {
            Object o = new Yaml().load(Files.readString(status, StandardCharsets.UTF_8));
            if (o instanceof Map<?, ?> m && "done".equals(m.get("status")) && job.hash().equals(m.get("spec_sha256"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                return typed;
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: not finished
        }
        return null;
    }

    /** The agent files and ROM must be the ones the spec names by checksum. */
    private static void checkInputs(JobSpec job) throws IOException {
        Map<String, Object> game = job.section("game");
        Path rom = job.rom();
        if (!Files.isRegularFile(rom)) {
            throw new JobFailedException("ROM not found: " + rom + " (the job's spec names this file)");
        }
        if (!AtariEnv.md5(rom).equals(game.get("rom_md5"))) {
            throw new JobFailedException("ROM " + rom + " has md5 " + AtariEnv.md5(rom) + ", the job's spec expects " + game.get("rom_md5"));
        }
        List<Map<String, Object>> agents = job.spec().containsKey("checkpoints") ? job.list("checkpoints") : List.of(job.section("agent"));
        for (Map<String, Object> a : agents) {
            Path f = Path.of(String.valueOf(a.get("file")));
            if (!Files.isRegularFile(f)) {
                throw new JobFailedException("agent file not found: " + f + " (the job's spec names this file)");
            }
            String sha = Agents.sha256(f);
            if (!sha.equals(a.get("sha256"))) {
                throw new JobFailedException("agent " + f + " has changed since the job was planned (sha256 " + sha.substring(0, 12)
                        + "..., expected " + String.valueOf(a.get("sha256")).substring(0, 12) + "...); run the experiment again to replan");
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
