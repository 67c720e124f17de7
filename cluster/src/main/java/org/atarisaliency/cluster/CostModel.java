package org.atarisaliency.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.atarisaliency.experiment.JobSpec;
import org.atarisaliency.experiment.RunStore;
import org.yaml.snakeyaml.Yaml;

/**
 * What a grid costs, from what a finished run measured: each job's seconds divided by its size (frames
 * for maps, video, progression, memory, sanity and imitate; episodes for evaluate), median per kind of
 * job (type, and method for maps), then multiplied out over a planned grid's jobs. Seconds are one
 * job's wall time on one core (jobs pin themselves to one), so they are core-seconds.
 */
public final class CostModel {
    /** Seconds per unit of work by kind, with how many finished jobs measured it. */
    public record Rate(String kind, String unit, double secondsPerUnit, int measured) {
    }

    /** One kind's share of an estimate. */
    public record Line(String kind, int jobs, double units, String unit, Rate rate, double coreHours) {
    }

    private final Map<String, Rate> rates;

    private CostModel(Map<String, Rate> rates) {
        this.rates = rates;
    }

    /** The rates a finished run measured (its done jobs with their seconds). */
    @SuppressWarnings("unchecked")
    public static CostModel from(Path runDir) throws IOException {
        Path manifest = runDir.resolve(RunStore.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new java.nio.file.NoSuchFileException(manifest.toString(), null, "needs an experiment folder with finished jobs");
        }
        Map<String, Object> m = (Map<String, Object>) new Yaml().load(Files.readString(manifest, StandardCharsets.UTF_8));
        Map<String, List<Double>> perUnit = new TreeMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (Object o : (List<Object>) m.getOrDefault("jobs", List.of())) {
            Map<String, Object> rec = (Map<String, Object>) o;
            Map<String, Object> done = RunStore.doneStatus(runDir.resolve(String.valueOf(rec.get("id"))), String.valueOf(rec.get("spec_sha256")));
            if (done == null || !(done.get("seconds") instanceof Number s)) {
                continue;
            }
            JobSpec job = JobSpec.of((Map<String, Object>) rec.get("spec"));
            double size = size(job);
            if (size > 0) {
                perUnit.computeIfAbsent(kind(job), k -> new ArrayList<>()).add(s.doubleValue() / size);
                units.put(kind(job), unit(job));
            }
        }
        Map<String, Rate> rates = new LinkedHashMap<>();
        perUnit.forEach((k, v) -> rates.put(k, new Rate(k, units.get(k), median(v), v.size())));
        if (rates.isEmpty()) {
            throw new IllegalArgumentException(runDir + " has no finished jobs to measure; run a small grid first (e.g. examples/quick.yaml)");
        }
        return new CostModel(rates);
    }

    /** The measured rates. */
    public Map<String, Rate> rates() {
        return rates;
    }

    /** The cost of {@code jobs}, by kind; kinds without a measured rate get a null rate and zero hours. */
    public List<Line> estimate(List<JobSpec> jobs, int coresPerJob) {
        Map<String, double[]> acc = new TreeMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (JobSpec j : jobs) {
            double[] a = acc.computeIfAbsent(kind(j), k -> new double[2]);
            a[0]++;
            a[1] += size(j);
            units.put(kind(j), unit(j));
        }
        List<Line> out = new ArrayList<>();
        acc.forEach((k, a) -> {
            Rate r = rates.get(k);
            double hours = r == null ? 0 : a[1] * r.secondsPerUnit() * coresPerJob / 3600;
            out.add(new Line(k, (int) a[0], a[1], units.get(k), r, hours));
        });
        return out;
    }

    /** The kind of job a rate applies to: its type, and for maps its method. */
    static String kind(JobSpec j) {
        if (j.type().equals("maps") && j.spec().get("method") instanceof Map<?, ?> m) {
            return "maps/" + m.get("method");
        }
        return j.type();
    }

    static String unit(JobSpec j) {
        return j.type().equals("evaluate") ? "episodes" : "frames";
    }

    /** A job's size in its unit. */
    static double size(JobSpec j) {
        Map<String, Object> s = j.spec();
        Object settings = s.get("settings");
        Map<?, ?> set = settings instanceof Map<?, ?> m ? m : Map.of();
        return switch (j.type()) {
            case "maps", "video", "progression" -> number(s.get("frames") instanceof Map<?, ?> f ? f.get("count") : null)
                    * (j.type().equals("progression") && s.get("checkpoints") instanceof List<?> c ? c.size() : 1);
            case "evaluate" -> number(set.get("episodes"));
            default -> number(set.get("frames"));
        };
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
