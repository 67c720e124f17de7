package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.ScreenRegion;
import org.atarisaliency.saliency.counterfactual.InterventionTrials;
import org.atarisaliency.saliency.counterfactual.ObjectMass;

/**
 * The object part of the {@link Shortcut} test, filled step by step as {@link Intervene} runs: each
 * map's mass, share and density ({@link ObjectMass}) on every compared object of the real frame (the
 * boxes of the control replay's RAM), and each object's policy changes when moved. The reliance on the
 * focus object at a step is its density over the summed density of the compared objects (steps where
 * one of them is off the screen, or every density is 0, are left out of it).
 */
final class ShortcutObjects implements Intervene.StepObserver {
    private final String rom;
    private final List<String> compared;
    private final String focus;
    private final List<String> rows = new ArrayList<>();
    private final Map<String, List<Double>> reliance = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Double>>> density = new LinkedHashMap<>();
    private final Map<String, List<Double>> moved = new LinkedHashMap<>();

    ShortcutObjects(String rom, List<String> compared, String focus) {
        this.rom = rom;
        this.compared = List.copyOf(compared);
        this.focus = focus;
        compared.forEach(o -> moved.put(o, new ArrayList<>()));
    }

    /** The objects of the game's model that the test compares: all but the scores. */
    static List<String> compared(String rom) {
        return GameObjects.objects(rom, new byte[128]).stream().map(GameObjects.GameObject::name).filter(n -> !n.endsWith("score")).toList();
    }

    @Override
    public void onStep(int step, Map<String, float[]> maps, InterventionTrials.Result trials, int size, ScreenRegion region) {
        Map<String, GameObjects.Box> boxes = new LinkedHashMap<>();
        for (GameObjects.GameObject o : GameObjects.objects(rom, trials.controlRam())) {
            if (compared.contains(o.name()) && o.box() != null) {
                boxes.put(o.name(), o.box());
            }
        }
        for (Map.Entry<String, float[]> e : maps.entrySet()) {
            Map<String, Double> d = new LinkedHashMap<>();
            for (Map.Entry<String, GameObjects.Box> b : boxes.entrySet()) {
                ObjectMass m = ObjectMass.of(e.getValue(), size, region, b.getValue());
                if (!m.outsideView()) {
                    d.put(b.getKey(), m.density());
                    density.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).computeIfAbsent(b.getKey(), k -> new ArrayList<>()).add(m.density());
                }
                rows.add(String.format(Locale.ROOT, "%d,%s,%s,%.6g,%.6g,%.6g,%.4f,%d,%b", step, e.getKey(), b.getKey(), m.mass(), m.share(),
                        m.density(), m.percentile(), m.pixels(), m.outsideView()));
            }
            double sum = d.values().stream().mapToDouble(Double::doubleValue).sum();
            if (d.size() == compared.size() && sum > 0) {
                reliance.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(d.get(focus) / sum);
            }
        }
        for (InterventionTrials.Trial t : trials.trials()) {
            if (t.status() == InterventionTrials.Status.TOOK && t.intervention().kind().equals("move") && moved.containsKey(t.intervention().object())) {
                moved.get(t.intervention().object()).add(t.tv());
            }
        }
    }

    /** Per map, the focus object's share of the compared objects' density, over the steps where all were in view. */
    Map<String, Shortcut.Estimate> reliance() {
        Map<String, Shortcut.Estimate> out = new LinkedHashMap<>();
        reliance.forEach((map, v) -> out.put(map, Shortcut.Estimate.mean(array(v))));
        return out;
    }

    /** Per map and object, the mean density (1: the map's average pixel). */
    Map<String, Map<String, Shortcut.Estimate>> density() {
        Map<String, Map<String, Shortcut.Estimate>> out = new LinkedHashMap<>();
        density.forEach((map, byObject) -> {
            Map<String, Shortcut.Estimate> m = new LinkedHashMap<>();
            byObject.forEach((o, v) -> m.put(o, Shortcut.Estimate.mean(array(v))));
            out.put(map, m);
        });
        return out;
    }

    /** Per compared object, the policy's total-variation change over its moves that took (NaN value for an object never moved). */
    Map<String, Shortcut.Estimate> moved() {
        Map<String, Shortcut.Estimate> out = new LinkedHashMap<>();
        moved.forEach((o, v) -> out.put(o, Shortcut.Estimate.mean(array(v))));
        return out;
    }

    /** The focus object's share of the summed mean change of the objects that were moved (NaN when the focus object never was). */
    double movedReliance() {
        Map<String, Shortcut.Estimate> m = moved();
        double sum = m.values().stream().filter(e -> e.n() > 0).mapToDouble(Shortcut.Estimate::value).sum();
        return m.get(focus).n() > 0 && sum > 0 ? m.get(focus).value() / sum : Double.NaN;
    }

    /** objects.csv: one row per analysed step, map and object. */
    void writeCsv(RunFolder out) throws IOException {
        try (BufferedWriter w = out.text(out.resolve("objects.csv"))) {
            w.write("step,map,object,mass,share,density,percentile,pixels,outside_view\n");
            for (String r : rows) {
                w.write(r);
                w.write('\n');
            }
        }
    }

    private static double[] array(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
