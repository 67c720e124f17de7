package org.atarisaliency.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.env.OutputLock;
import org.atarisaliency.experiment.RunStore;
import org.atarisaliency.pipelines.Provenance;
import org.yaml.snakeyaml.Yaml;

/**
 * Where every job of a run folder stands: done (its folder has a status.json for this spec), and for
 * the others what the manifest says (pending, failed, interrupted) or, for jobs submitted to Slurm,
 * what Slurm says of their array task (pending, running, failed, cancelled; unknown while Slurm cannot be
 * reached, never a guess). A finished job whose
 * outputs were deleted or edited since is damaged (the check {@code run} makes before skipping it). Works for local and
 * Slurm runs; {@link #gather} writes the findings into the manifest.
 */
public final class RunStatus {
    /** The states a job can be in, in the order a report lists them. */
    public static final List<String> STATES = List.of("done", "running", "pending", "submitted", "failed", "cancelled", "interrupted", "lost",
            "damaged", "unknown");
    /** The error of a job whose state only Slurm knows, while Slurm cannot be reached. */
    public static final String UNREACHABLE = "Slurm unreachable";
    private static final Set<String> FAILED = Set.of("FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE",
            "COMPLETED");

    /**
     * One job.
     *
     * @param state   one of {@link #STATES}
     * @param seconds how long it ran (done jobs)
     * @param ranOn   host and scheduler ids (done jobs), or null
     * @param error   why it failed, one line, or null
     * @param task    "ARRAY_INDEX" for a job submitted to Slurm, else null
     */
    public record Job(String id, String type, String state, Double seconds, Map<String, Object> ranOn, String error, String task) {
    }

    /**
     * A whole run.
     *
     * @param slurmError why Slurm could not be asked (its jobs are then "unknown"), or null
     */
    public record Report(Path dir, String experiment, List<Job> jobs, boolean slurm, String slurmError) {
        /** Jobs per state, in {@link #STATES} order, states with no job left out. */
        public Map<String, Integer> counts() {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (String s : STATES) {
                int n = (int) jobs.stream().filter(j -> j.state().equals(s)).count();
                if (n > 0) {
                    m.put(s, n);
                }
            }
            return m;
        }

        /** Whether nothing is left running or waiting to run. */
        public boolean settled() {
            return jobs.stream().noneMatch(j -> j.state().equals("running") || j.state().equals("submitted") || j.state().equals("unknown")
                    || j.state().equals("pending") && j.task() != null);
        }
    }

    private RunStatus() {
    }

    /** The status of {@code runDir} (an experiment folder with manifest.json); {@code slurm} is asked about submitted jobs. */
    @SuppressWarnings("unchecked")
    public static Report of(Path runDir, Slurm slurm) throws IOException {
        Path manifest = runDir.resolve(RunStore.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new java.nio.file.NoSuchFileException(manifest + " (not an experiment folder: pass OUT/EXPERIMENT as `run` printed it)");
        }
        Map<String, Object> m = (Map<String, Object>) new Yaml().load(Files.readString(manifest, StandardCharsets.UTF_8));
        Map<String, Map<Integer, String>> arrays = new HashMap<>();
        String slurmError = null;
        List<Job> jobs = new ArrayList<>();
        boolean slurmRun = !Submissions.read(runDir).isEmpty();
        for (Object o : (List<Object>) m.getOrDefault("jobs", List.of())) {
            Map<String, Object> rec = (Map<String, Object>) o;
            String id = String.valueOf(rec.get("id"));
            String type = String.valueOf(rec.get("type"));
            Map<String, Object> done = RunStore.doneStatus(runDir.resolve(id), String.valueOf(rec.get("spec_sha256")));
            String damage = done == null ? null : RunStore.damage(runDir.resolve(id), done);
            if (damage != null) {
                jobs.add(new Job(id, type, "damaged", null, null, damage + " since it finished; `run` redoes it", task(rec)));
                continue;
            }
            if (done != null) {
                jobs.add(new Job(id, type, "done", done.get("seconds") instanceof Number n ? n.doubleValue() : null,
                        done.get("ran_on") instanceof Map<?, ?> r ? (Map<String, Object>) r : null, null, task(rec)));
                continue;
            }
            String status = String.valueOf(rec.get("status"));
            // Slurm, not the manifest, knows a submitted job's state (the manifest holds what the last status saw)
            if (rec.get("slurm_array_job_id") != null && slurm != null) {
                String array = String.valueOf(rec.get("slurm_array_job_id"));
                int index = ((Number) rec.get("slurm_array_task_id")).intValue();
                if (slurmError == null && !arrays.containsKey(array)) {
                    try {
                        arrays.put(array, slurm.arrayStates(array));
                    } catch (IOException e) {
                        slurmError = e.getMessage();
                    }
                }
                jobs.add(slurmError != null ? new Job(id, type, "unknown", null, null, UNREACHABLE, task(rec))
                        : fromSlurm(runDir, id, type, rec, arrays.get(array), index));
                continue;
            }
            String state = switch (status) {
                case "done" -> "lost";   // the manifest says done but the folder is gone or changed
                case "running", "pending", "failed", "interrupted", "submitted", "cancelled" -> status;
                default -> "pending";
            };
            String error = rec.get("error") instanceof String e ? e : state.equals("lost") ? "its folder or its status.json is missing" : null;
            jobs.add(new Job(id, type, state, null, null, error, task(rec)));
        }
        return new Report(runDir, String.valueOf(m.get("experiment")), jobs, slurmRun, slurmError);
    }

    private static Job fromSlurm(Path runDir, String id, String type, Map<String, Object> rec, Map<Integer, String> states, int index) throws IOException {
        String task = task(rec);
        if (states == null) {
            return new Job(id, type, "lost", null, null, "Slurm no longer knows array " + rec.get("slurm_array_job_id")
                    + " and the job has no finished folder; run the same `run` command to submit it again", task);
        }
        String s = states.get(index);
        if (s == null) {
            return new Job(id, type, "cancelled", null, null, "cancelled before it started", task);
        }
        String base = s.replaceAll("[+ ].*", "");
        if (base.equals("PENDING")) {
            return new Job(id, type, "pending", null, null, null, task);
        }
        if (SlurmBackend.ACTIVE.contains(base)) {
            return new Job(id, type, "running", null, null, null, task);
        }
        if (base.equals("CANCELLED")) {
            return new Job(id, type, "cancelled", null, null, "cancelled while running", task);
        }
        String why = FAILED.contains(base) ? lastError(runDir.resolve(String.valueOf(rec.get("log")))) : null;
        return new Job(id, type, "failed", null, null, base + (why == null ? "" : ": " + why), task);
    }

    private static String task(Map<String, Object> rec) {
        return rec.get("slurm_array_job_id") == null ? null : rec.get("slurm_array_job_id") + "_" + rec.get("slurm_array_task_id");
    }

    /** The last line of a task's log that says "error:", else its last line. */
    static String lastError(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return null;
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        String last = null;
        for (String l : lines) {
            if (l.startsWith("error:") || l.contains("slurmstepd: error:")) {
                last = l.strip();
            }
        }
        if (last == null) {
            for (int i = lines.size() - 1; i >= 0 && last == null; i--) {
                if (!lines.get(i).isBlank()) {
                    last = lines.get(i).strip();
                }
            }
        }
        return last == null ? null : last.length() > 300 ? last.substring(0, 300) + "..." : last;
    }

    /**
     * Writes the report into the manifest (each job's state, seconds, where it ran, error; the counts),
     * unless a `run` holds the folder right now; returns whether it did.
     */
    @SuppressWarnings("unchecked")
    public static boolean gather(Report r) throws IOException {
        try (OutputLock lock = OutputLock.tryFolder(r.dir())) {
            if (lock == null) {
                return false;
            }
            Path manifest = r.dir().resolve(RunStore.MANIFEST);
            Map<String, Object> m = (Map<String, Object>) new Yaml().load(Files.readString(manifest, StandardCharsets.UTF_8));
            Map<String, Job> byId = new HashMap<>();
            r.jobs().forEach(j -> byId.put(j.id(), j));
            for (Object o : (List<Object>) m.getOrDefault("jobs", List.of())) {
                Map<String, Object> rec = (Map<String, Object>) o;
                Job j = byId.get(String.valueOf(rec.get("id")));
                if (j == null) {
                    continue;
                }
                Object spec = rec.remove("spec");
                rec.put("status", j.state());
                if (j.seconds() != null) {
                    rec.put("seconds", j.seconds());
                }
                if (j.ranOn() != null) {
                    rec.put("ran_on", j.ranOn());
                }
                if (j.error() != null) {
                    rec.put("error", j.error());
                } else {
                    rec.remove("error");
                }
                rec.put("spec", spec);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                out.put(e.getKey(), e.getKey().equals("status") ? r.counts() : e.getValue());
            }
            Provenance.writeJson(manifest, out);
            return true;
        }
    }
}
