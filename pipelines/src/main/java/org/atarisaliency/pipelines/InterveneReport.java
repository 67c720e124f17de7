package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.Intervention;
import org.atarisaliency.saliency.counterfactual.Agreement;
import org.atarisaliency.saliency.counterfactual.Interval95;
import org.atarisaliency.saliency.counterfactual.InterventionTrials;
import org.atarisaliency.saliency.counterfactual.ObjectMass;
import org.atarisaliency.video.CounterfactualChart;

/** The files {@link Intervene} writes: interventions.csv, the chart's numbers and summary.json with its provenance. */
final class InterveneReport {
    private InterveneReport() {
    }

    static Map<String, Object> skippedJson(Intervene.Result res) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("methods", res.skippedMethods());
        m.put("why", "Jacobian maps need the single-channel A3C actor-critic; this agent is " + res.network());
        return m;
    }

    /**
     * The chart's numbers with their 95% intervals and counts: all objects over each method's n
     * interventions, each object over the rows on it that the method compared (inside the view).
     */
    static CounterfactualChart.Numbers chartNumbers(List<Agreement.Result> results, List<Intervene.Row> rows) {
        List<String> methods = results.stream().map(Agreement.Result::method).toList();
        Map<String, CounterfactualChart.Estimate[]> groups = new LinkedHashMap<>();
        groups.put("all objects: mass", estimates(results, r -> r.spearman(), r -> r.n(), false));
        groups.put("all objects: density", estimates(results, r -> r.spearmanDensity(), r -> r.n(), false));
        List<String> objects = new ArrayList<>();
        results.forEach(r -> r.perObject().keySet().forEach(o -> {
            if (!objects.contains(o)) {
                objects.add(o);
            }
        }));
        for (String o : objects) {
            groups.put(o, estimates(results, r -> r.perObject().getOrDefault(o, Double.NaN), r -> (int) rows.stream()
                    .filter(w -> w.trial().intervention().object().equals(o) && !w.masses().get(r.method()).outsideView()).count(), false));
        }
        return new CounterfactualChart.Numbers(methods, groups,
                estimates(results, r -> r.atrey().shareMarkedNoEffect(), r -> r.atrey().noEffect(), true),
                estimates(results, r -> r.atrey().shareMarkedEffect(), r -> r.atrey().effect(), true));
    }

    private static CounterfactualChart.Estimate[] estimates(List<Agreement.Result> results, ToDoubleFunction<Agreement.Result> value,
                                                            ToIntFunction<Agreement.Result> n, boolean share) {
        return results.stream().map(r -> {
            double v = value.applyAsDouble(r);
            int count = n.applyAsInt(r);
            Interval95 ci = share ? Interval95.share(v, count) : Interval95.spearman(v, count);
            return new CounterfactualChart.Estimate(v, ci.low(), ci.high(), count);
        }).toArray(CounterfactualChart.Estimate[]::new);
    }

    static Map<String, Object> summary(Intervene.Settings s, Intervene.Result res, List<Intervene.Row> rows) throws IOException {
        Map<String, Object> m = Provenance.document("intervene", s.agent(), s.game(), s.provenance());
        m.put("agent_description", res.network());
        m.put("seed", s.seed());
        m.put("steps_analysed", res.steps());
        List<Object> ivs = new ArrayList<>();
        for (String name : res.interventions()) {
            int[] c = res.counts().get(name);
            List<Intervene.Row> mine = rows.stream().filter(r -> r.trial().intervention().name().equals(name)).toList();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("object", mine.isEmpty() ? null : mine.get(0).trial().intervention().object());
            e.put("applicable", c[0]);
            e.put("took", c[1]);
            e.put("did_not_take", c[2]);
            e.put("mean_actor_change", mine.isEmpty() ? null : mine.stream().mapToDouble(r -> r.trial().actor()).average().orElse(0));
            e.put("mean_tv", mine.isEmpty() ? null : mine.stream().mapToDouble(r -> r.trial().tv()).average().orElse(0));
            e.put("share_action_changed", mine.isEmpty() ? null
                    : mine.stream().filter(r -> r.trial().action() != r.controlAction()).count() / (double) mine.size());
            e.put("share_matters", mine.isEmpty() ? null
                    : mine.stream().filter(r -> r.trial().tv() >= s.tvThreshold()).count() / (double) mine.size());
            List<Intervene.Row> outside = mine.stream().filter(r -> r.masses().values().iterator().next().outsideView()).toList();
            e.put("outside_view", outside.size());
            // a self-check: an object the agent cannot see (the score above the A3C crop) must not change the policy
            e.put("outside_view_max_actor_change", outside.isEmpty() ? null : outside.stream().mapToDouble(r -> r.trial().actor()).max().orElse(0));
            ivs.add(e);
        }
        m.put("interventions", ivs);
        List<Object> methods = new ArrayList<>();
        for (Agreement.Result r : res.results()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("method", r.method());
            e.put("explains", r.target());
            e.put("n", r.n());
            e.put("outside_view", r.outsideView());
            e.put("spearman", r.spearman());
            e.put("spearman_density", r.spearmanDensity());
            e.put("auc_matters", r.auc());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("no_effect_n", r.atrey().noEffect());
            a.put("no_effect_median_percentile", r.atrey().medianPercentileNoEffect());
            a.put("no_effect_share_marked", r.atrey().shareMarkedNoEffect());
            a.put("effect_n", r.atrey().effect());
            a.put("effect_median_percentile", r.atrey().medianPercentileEffect());
            a.put("effect_share_marked", r.atrey().shareMarkedEffect());
            e.put("atrey", a);
            e.put("per_object_spearman", r.perObject());
            methods.add(e);
        }
        m.put("methods", methods);
        m.put("methods_skipped", res.skippedMethods().isEmpty() ? List.of()
                : List.of(skippedJson(res)));
        Map<String, Object> definitions = new LinkedHashMap<>();
        definitions.put("mass", "sum of the map (at input resolution) over the map pixels that overlap the object's screen box on the real frame, before the intervention");
        definitions.put("spearman", "rank correlation across steps and objects between the mass and the change the map explains (actor: 0.5*sum (dlogit)^2,"
                        + " critic: 0.5*(dV)^2, chosen: 0.5*(dlog pi(a))^2 for the greedy action); interventions on objects outside the agent's view left out; spearman_density: the same with the density");
        definitions.put("auc_matters", "ROC AUC of the map's density on the object (mass per pixel / map mean) for interventions whose policy total-variation change >= tv_threshold");
        definitions.put("atrey", "percentile: share of the map's pixels below the object's mean value; share_marked: share of interventions whose object"
                        + " lies in the map's top tenth (percentile >= 0.9); a truthful map marks objects whose change does not matter rarely");
        definitions.put("outside_view", "took, but the object's box before the intervention lies outside the screen region the agent sees (left out"
                        + " of the statistics); for the score the policy change must then be 0; a moved object can enter the view");
        definitions.put("took", "the intervention showed on the screen and in RAM after the replayed step (Intervention.took); others are counted as did_not_take and left out");
        m.put("definitions", definitions);
        m.put("seconds", res.seconds());
        return m;
    }

    static void writeCsv(RunFolder out, List<Intervene.Row> rows, List<InterventionTrials.Trial> all, List<Integer> steps, List<String> methods)
            throws IOException {
        BufferedWriter w = out.text(out.resolve("interventions.csv"));
        StringBuilder h = new StringBuilder("step,intervention,object,kind,status,box_top,box_left,box_height,box_width,action,"
                + "intervened_action,actor_change,critic_change,chosen_change,tv,outside_view");
        for (String m : methods) {
            h.append(',').append(m).append("_mass,").append(m).append("_share,").append(m).append("_density,").append(m).append("_percentile");
        }
        w.write(h.append('\n').toString());
        int next = 0;
        for (int i = 0; i < all.size(); i++) {
            InterventionTrials.Trial t = all.get(i);
            Intervene.Row row = next < rows.size() && rows.get(next).trial() == t ? rows.get(next++) : null;
            Intervention iv = t.intervention();
            StringBuilder b = new StringBuilder();
            b.append(steps.get(i)).append(',').append(iv.name()).append(',').append(iv.object()).append(',').append(iv.kind()).append(',')
                    .append(t.status().label());
            GameObjects.Box box = t.box();
            if (box == null) {
                b.append(",,,,");
            } else {
                b.append(',').append(box.top()).append(',').append(box.left()).append(',').append(box.height()).append(',').append(box.width());
            }
            if (row == null) {
                b.append(",,,,,,,");
                b.append(",,,,".repeat(methods.size()));
            } else {
                b.append(',').append(row.controlAction()).append(',').append(t.action()).append(',').append(f(t.actor())).append(',')
                        .append(f(t.critic())).append(',').append(f(t.chosen())).append(',').append(f(t.tv())).append(',')
                        .append(row.masses().values().iterator().next().outsideView() ? 1 : 0);
                for (String m : methods) {
                    ObjectMass om = row.masses().get(m);
                    b.append(',').append(f(om.mass())).append(',').append(f(om.share())).append(',').append(f(om.density())).append(',')
                            .append(f(om.percentile()));
                }
            }
            w.write(b.append('\n').toString());
        }
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
