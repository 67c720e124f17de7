package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.video.CounterfactualChart;
import org.atarisaliency.video.ShortcutChart;

/** The files of a {@link Shortcut} test: scores.csv, summary.json and the numbers its chart draws. */
final class ShortcutReport {
    private ShortcutReport() {
    }

    /** scores.csv: one row per episode, on the published game and under the variant. */
    static void writeScores(RunFolder out, Shortcut.Result r, String variant) throws IOException {
        try (BufferedWriter w = out.text(out.resolve("scores.csv"))) {
            w.write("game,episode,score\n");
            for (int i = 0; i < r.original().length; i++) {
                w.write(String.format(Locale.ROOT, "original,%d,%s%n", i + 1, r.original()[i]));
            }
            for (int i = 0; i < r.varied().length; i++) {
                w.write(String.format(Locale.ROOT, "%s,%d,%s%n", variant.replace(',', '+'), i + 1, r.varied()[i]));
            }
        }
    }

    /** summary.json: provenance, the scores and the drop, each map's reliance and densities, and the moves' effects. */
    static Map<String, Object> summary(Shortcut.Settings s, Shortcut.Result r, ShortcutObjects objects) throws IOException {
        Map<String, Object> m = Provenance.document("shortcut", s.agent(), s.game(), s.provenance());
        m.put("label", r.label());
        m.put("variant", s.variant());
        m.put("object", r.object());
        m.put("objects", s.objects());
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("original", scoreJson(r.original()));
        scores.put("variant", scoreJson(r.varied()));
        scores.put("drop", r.drop().toJson());
        scores.put("lowest_return", GameObjects.lowestReturn(s.game().spec().rom()));
        scores.put("relative_drop", r.relativeDrop());
        m.put("scores", scores);
        Map<String, Object> saliency = new LinkedHashMap<>();
        Map<String, Map<String, Shortcut.Estimate>> density = objects.density();
        for (Map.Entry<String, Shortcut.Estimate> e : r.reliance().entrySet()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("reliance", e.getValue().toJson());
            Map<String, Object> d = new LinkedHashMap<>();
            density.getOrDefault(e.getKey(), Map.of()).forEach((o, est) -> d.put(o, est.toJson()));
            one.put("density", d);
            saliency.put(e.getKey(), one);
        }
        m.put("saliency", saliency);
        Map<String, Object> moved = new LinkedHashMap<>();
        r.moved().forEach((o, est) -> moved.put(o, est.toJson()));
        Map<String, Object> cf = new LinkedHashMap<>();
        cf.put("tv_change_when_moved", moved);
        cf.put("reliance", r.movedReliance());
        m.put("counterfactual", cf);
        m.put("steps_analysed", r.steps());
        m.put("seconds", r.seconds());
        return m;
    }

    private static Map<String, Object> scoreJson(double[] scores) {
        Map<String, Object> m = new LinkedHashMap<>(Shortcut.Estimate.mean(scores).toJson());
        m.put("scores", java.util.Arrays.stream(scores).boxed().toList());
        return m;
    }

    /** The chart's numbers: the two scores, and per map (then the moves) the reliance with the level of no preference. */
    static ShortcutChart.Numbers chartNumbers(Shortcut.Result r, String variant, int objects) {
        Map<String, CounterfactualChart.Estimate> reliance = new LinkedHashMap<>();
        r.reliance().forEach((map, e) -> reliance.put(map, e.drawn()));
        Shortcut.Estimate moved = r.moved().get(r.object());
        reliance.put(ShortcutComparison.MOVED, new CounterfactualChart.Estimate(r.movedReliance(), Double.NaN, Double.NaN,
                moved == null ? 0 : moved.n()));
        return new ShortcutChart.Numbers(List.of("original", variant), List.of(Shortcut.Estimate.mean(r.original()).drawn(),
                Shortcut.Estimate.mean(r.varied()).drawn()), r.object(), reliance, 1.0 / objects);
    }
}
