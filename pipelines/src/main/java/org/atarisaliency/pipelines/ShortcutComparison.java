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
import org.atarisaliency.saliency.counterfactual.Agreement;
import org.atarisaliency.saliency.counterfactual.Interval95;
import org.atarisaliency.video.CounterfactualChart;
import org.atarisaliency.video.ShortcutChart;

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

    private static double reliance(Shortcut.Result r, String map) {
        if (map.equals(MOVED)) {
            return r.movedReliance();
        }
        Shortcut.Estimate e = r.reliance().get(map);
        return e == null ? Double.NaN : e.value();
    }

    /** Writes comparison.csv, comparison.png/.svg and comparison.json into {@code dir}. */
    public static void write(Path dir, List<Shortcut.Result> results, Result c, String variant, String title) throws IOException {
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
