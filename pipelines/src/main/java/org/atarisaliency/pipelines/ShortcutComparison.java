package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.saliency.counterfactual.Agreement;
import org.atarisaliency.saliency.counterfactual.Interval95;
import org.atarisaliency.video.CounterfactualChart;
import org.atarisaliency.video.ShortcutChart;
import org.yaml.snakeyaml.Yaml;

/**
 * The shortcut test across agents: per saliency map (and for the counterfactual moves), Spearman's rho
 * between an agent's reliance on the variant's object and its drop under the variant, with the Fisher-z
 * 95% interval of Bonett and Wright ({@link Interval95#spearman}; none below 4 agents). A map that sees
 * the shortcut coming ranks the agents that collapse above those that do not: rho near +1. Writes
 * comparison.csv (one row per agent), comparison.png/.svg and comparison.json (last).
 */
public final class ShortcutComparison {
    /** The counterfactual column's name, beside the maps'. */
    public static final String MOVED = "moved (counterfactual)";

    private ShortcutComparison() {
    }

    /**
     * The correlations.
     *
     * @param spearman         per map, rho (reliance vs drop) with its interval and the agents it is computed from
     * @param spearmanRelative per map, rho (reliance vs relative drop: the share of the agent's margin lost)
     */
    public record Result(List<String> agents, String object, Map<String, Shortcut.Estimate> spearman,
                         Map<String, Shortcut.Estimate> spearmanRelative) {
    }

    /** Correlates, across the {@code results} (at least 2, one object), each map's reliance with the drop. */
    public static Result of(List<Shortcut.Result> results) {
        Set<String> maps = new LinkedHashSet<>();
        results.forEach(r -> maps.addAll(r.reliance().keySet()));
        maps.add(MOVED);
        Map<String, Shortcut.Estimate> rho = new LinkedHashMap<>(), relative = new LinkedHashMap<>();
        for (String map : maps) {
            rho.put(map, spearman(results, map, r -> r.drop().value()));
            relative.put(map, spearman(results, map, Shortcut.Result::relativeDrop));
        }
        return new Result(results.stream().map(Shortcut.Result::label).toList(), results.get(0).object(), rho, relative);
    }

    private static Shortcut.Estimate spearman(List<Shortcut.Result> results, String map, java.util.function.ToDoubleFunction<Shortcut.Result> drop) {
        List<double[]> pairs = new ArrayList<>();
        for (Shortcut.Result r : results) {
            double x = reliance(r, map), y = drop.applyAsDouble(r);
            if (Double.isFinite(x) && Double.isFinite(y)) {
                pairs.add(new double[] {x, y});
            }
        }
        double[] a = pairs.stream().mapToDouble(p -> p[0]).toArray(), b = pairs.stream().mapToDouble(p -> p[1]).toArray();
        double r = pairs.size() < 2 ? Double.NaN : Agreement.spearman(a, b);
        Interval95 i = Interval95.spearman(r, pairs.size());
        return new Shortcut.Estimate(r, i.low(), i.high(), pairs.size());
    }

    /**
     * The tests written below {@code roots} (every summary.json of {@code shortcut}, an experiment's jobs among them), in path
     * order; refused when there are fewer than 2 or they differ in variant or object.
     */
    public static List<Shortcut.Result> gather(List<Path> roots) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (!java.nio.file.Files.isDirectory(root)) {
                throw new java.nio.file.NoSuchFileException(root.toString(), null, "not a folder");
            }
            try (var s = java.nio.file.Files.walk(root)) {
                s.filter(p -> p.getFileName().toString().equals("summary.json")).sorted().forEach(found::add);
            }
        }
        List<Shortcut.Result> out = new ArrayList<>();
        Set<String> tests = new LinkedHashSet<>();
        for (Path f : found) {
            Map<String, Object> m = map(new Yaml().load(java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.UTF_8)));
            if ("shortcut".equals(m.get("command"))) {
                out.add(result(f, m));
                tests.add(m.get("variant") + " on the " + m.get("object"));
            }
        }
        if (out.size() < 2) {
            throw new InvalidSettingException("the folders", "hold " + out.size() + " shortcut test(s) (" + roots
                    + "); a comparison needs at least 2, each a folder that shortcut or a shortcut job wrote");
        }
        if (tests.size() > 1) {
            throw new InvalidSettingException("the tests", "differ: " + String.join(", ", tests) + "; compare tests of one variant"
                    + " and object");
        }
        return out;
    }

    /** One test read back from its summary.json. */
    private static Shortcut.Result result(Path file, Map<String, Object> m) {
        Map<String, Object> scores = map(m.get("scores"));
        double[] original = numbers(map(scores.get("original")).get("scores")), varied = numbers(map(scores.get("variant")).get("scores"));
        Map<String, Shortcut.Estimate> reliance = new LinkedHashMap<>();
        map(m.get("saliency")).forEach((k, v) -> reliance.put(k, estimate(map(map(v).get("reliance")))));
        Map<String, Shortcut.Estimate> moved = new LinkedHashMap<>();
        Map<String, Object> cf = map(m.get("counterfactual"));
        map(cf.get("tv_change_when_moved")).forEach((k, v) -> moved.put(k, estimate(map(v))));
        String label = m.get("label") != null ? String.valueOf(m.get("label")) : file.getParent().getFileName().toString();
        double lowest = scores.get("lowest_return") instanceof Number n ? n.doubleValue()
                : GameObjects.lowestReturn(String.valueOf(m.get("rom")).replaceFirst("\\.bin$", ""));
        double margin = Interval95.average(original) - lowest;
        Shortcut.Estimate drop = estimate(map(scores.get("drop")));
        return new Shortcut.Result(label, String.valueOf(m.get("variant")), String.valueOf(m.get("object")), original, varied, drop, margin > 0 ? drop.value() / margin : Double.NaN,
                reliance, moved, number(cf.get("reliance")), ((Number) m.getOrDefault("steps_analysed", 0)).intValue(),
                number(m.get("seconds")));
    }

    private static Shortcut.Estimate estimate(Map<String, Object> m) {
        return new Shortcut.Estimate(number(m.get("value")), number(m.get("low")), number(m.get("high")),
                m.get("n") instanceof Number n ? n.intValue() : 0);
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double[] numbers(Object o) {
        return o instanceof List<?> l ? l.stream().mapToDouble(ShortcutComparison::number).toArray() : new double[0];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static double reliance(Shortcut.Result r, String map) {
        if (map.equals(MOVED)) {
            return r.movedReliance();
        }
        Shortcut.Estimate e = r.reliance().get(map);
        return e == null ? Double.NaN : e.value();
    }

    /** Writes comparison.csv, comparison.png/.svg and comparison.json into {@code dir}. */
    public static void write(Path dir, List<Shortcut.Result> results, Result c, String title) throws IOException {
        String variant = results.get(0).variant();
        try (RunFolder out = RunFolder.in(dir)) {
            try (BufferedWriter w = out.text(out.resolve("comparison.csv"))) {
                List<String> maps = new ArrayList<>(c.spearman().keySet());
                w.write("agent,original,variant,drop,drop_low,drop_high,relative_drop," + String.join(",", maps.stream().map(m -> m.equals(MOVED) ? "moved" : m)
                        .toList()) + "\n");
                for (Shortcut.Result r : results) {
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f", r.label().replace(',', '_'),
                            Interval95.average(r.original()), Interval95.average(r.varied()), r.drop().value(), r.drop().low(), r.drop().high(),
                            r.relativeDrop()));
                    for (String m : maps) {
                        row.append(String.format(Locale.ROOT, ",%.6g", reliance(r, m)));
                    }
                    w.write(row.append('\n').toString());
                }
            }
            Map<String, CounterfactualChart.Estimate> rho = new LinkedHashMap<>(), relative = new LinkedHashMap<>();
            c.spearman().forEach((m, e) -> rho.put(m, e.drawn()));
            c.spearmanRelative().forEach((m, e) -> relative.put(m, e.drawn()));
            ShortcutChart.writeComparison(out.resolve("comparison.png"), new ShortcutChart.Comparison(c.agents(),
                    results.stream().map(r -> r.drop().drawn()).toList(), c.object(), rho, relative), title);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tool", Provenance.tool());
            json.put("command", "shortcut");
            json.put("variant", variant);
            json.put("object", c.object());
            json.put("agents", c.agents());
            Map<String, Object> drops = new LinkedHashMap<>();
            results.forEach(r -> drops.put(r.label(), r.drop().toJson()));
            json.put("drops", drops);
            Map<String, Object> s = new LinkedHashMap<>();
            c.spearman().forEach((m, e) -> s.put(m, e.toJson()));
            json.put("spearman_reliance_vs_drop", s);
            Map<String, Object> rel = new LinkedHashMap<>();
            c.spearmanRelative().forEach((m, e) -> rel.put(m, e.toJson()));
            json.put("spearman_reliance_vs_relative_drop", rel);
            Map<String, Object> relDrops = new LinkedHashMap<>();
            results.forEach(r -> relDrops.put(r.label(), r.relativeDrop()));
            json.put("relative_drops", relDrops);
            out.json(out.resolve("comparison.json"), json);
            out.commit();
        }
    }
}
