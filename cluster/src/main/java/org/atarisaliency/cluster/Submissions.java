package org.atarisaliency.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.pipelines.Json;
import org.yaml.snakeyaml.Yaml;

/** The job arrays submitted for a run folder: {@code slurm/submissions.json}, oldest first. */
public final class Submissions {
    /** One submitted array: its Slurm id, when, its script and index (relative to the run folder) and task count. */
    public record Entry(String arrayJobId, String submitted, String script, String index, int tasks) {
    }

    private Submissions() {
    }

    static Path file(Path runDir) {
        return runDir.resolve("slurm").resolve("submissions.json");
    }

    /** Every recorded submission (none when the run never used Slurm). */
    @SuppressWarnings("unchecked")
    public static List<Entry> read(Path runDir) throws IOException {
        Path f = file(runDir);
        List<Entry> out = new ArrayList<>();
        if (!Files.isRegularFile(f)) {
            return out;
        }
        Object o = new Yaml().load(Files.readString(f, StandardCharsets.UTF_8));
        if (o instanceof Map<?, ?> m && m.get("arrays") instanceof List<?> list) {
            for (Object x : list) {
                Map<String, Object> e = (Map<String, Object>) x;
                out.add(new Entry(String.valueOf(e.get("array_job_id")), String.valueOf(e.get("submitted")), String.valueOf(e.get("script")),
                        String.valueOf(e.get("index")), ((Number) e.get("tasks")).intValue()));
            }
        }
        return out;
    }

    static void append(Path runDir, Entry e) throws IOException {
        List<Entry> all = read(runDir);
        all.add(e);
        List<Map<String, Object>> arrays = new ArrayList<>();
        for (Entry x : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("array_job_id", x.arrayJobId());
            m.put("submitted", x.submitted());
            m.put("script", x.script());
            m.put("index", x.index());
            m.put("tasks", x.tasks());
            arrays.add(m);
        }
        SlurmBackend.writeAtomically(file(runDir), Json.write(Map.of("arrays", arrays)) + "\n");
    }

    /** The job ids of a submission, by task index. */
    public static List<String> jobsOf(Path runDir, Entry e) throws IOException {
        return TaskIndex.jobs(runDir.resolve(e.index()));
    }
}
