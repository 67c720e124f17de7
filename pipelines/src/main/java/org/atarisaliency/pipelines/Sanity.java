package org.atarisaliency.pipelines;

import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.NpyStreamWriter;
import org.atarisaliency.saliency.JacobianMap;
import org.atarisaliency.saliency.InputRelative;
import org.atarisaliency.saliency.JacobianSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;
import org.atarisaliency.saliency.metrics.DeletionInsertion;
import org.atarisaliency.saliency.metrics.Randomization;
import org.atarisaliency.saliency.metrics.SanityChecks;
import org.atarisaliency.saliency.metrics.SanityVerdicts;
import org.atarisaliency.saliency.metrics.ShiftInvariance;
import org.atarisaliency.video.SanityChart;

/**
 * Sanity checks of perturbation saliency on real frames of the agent playing greedily: cascading
 * randomisation, input-shift invariance, and deletion/insertion against the chosen-action,
 * Jacobian and random maps ({@link SanityChecks}).
 */
public final class Sanity {
    /** The input-relative actor map's name among the deletion/insertion methods. */
    public static final String RELATIVE_ACTOR = "relative_actor";

    /** Frames to explain. */
    public static final Setting<Long> FRAMES = Setting.integer("frames", 5, 1, 1000, "Frames to explain").unit("frames");
    /** Agent steps played before the first frame. */
    public static final Setting<Long> SKIP = Setting.integer("skip", 50, 0, 1_000_000, "Agent steps played before the first frame").unit("steps");
    /** Agent steps between the frames. */
    public static final Setting<Long> INTERVAL = Setting.integer("interval", 10, 1, 100_000, "Agent steps between the frames").unit("steps");
    /** Input shifts c of the invariance check (Kindermans et al. 2017). */
    public static final Setting<List<Double>> SHIFTS = Setting.numbers("shifts", List.of(0.1, -0.1), -10, 10,
            "Input shifts c for the invariance check").inSpecsOnlyWhenGiven();
    /** Steps of the deletion/insertion curves: fractions 0, 1/steps, ..., 1. */
    public static final Setting<Long> STEPS = Setting.integer("steps", 20, 1, 1000,
            "Steps of the deletion/insertion curves: fractions 0, 1/steps, ..., 1");

    /** Every setting of a sanity check, in the order help and provenance list them. */
    public static final Declaration DECLARATION = Declaration.of(FRAMES, SKIP, INTERVAL, SharedSettings.STRIDE, SharedSettings.RADIUS,
            SharedSettings.BLUR.inSpecsOnlyWhenGiven(), SHIFTS, STEPS, SharedSettings.VARIANT.inSpecsOnlyWhenGiven());

    /**
     * What to check: the agent, its game, the seed, and the {@link #DECLARATION}'s settings.
     */
    public record Settings(Path agent, Game game, long seed, SettingValues values) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            game = game.withVariants(values.get(SharedSettings.VARIANT));
            org.atarisaliency.saliency.MaskBank.of(values.integer(SharedSettings.STRIDE), values.number(SharedSettings.RADIUS), 80);
        }

        public int frames() {
            return values.integer(FRAMES);
        }

        public int skip() {
            return values.integer(SKIP);
        }

        public int interval() {
            return values.integer(INTERVAL);
        }

        /** The perturbation: occlude, the newest frame, with the declared stride, radius and blur. */
        public Perturbation method() {
            return Perturbation.of(values);
        }

        public double[] shifts() {
            return values.numbers(SHIFTS);
        }

        public int steps() {
            return values.integer(STEPS);
        }

        /** The settings part of the JSON output: the seed, every declared setting, and what sanity fixes (mode, target, support). */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", seed);
            m.putAll(values.asMap());
            m.putAll(method().provenance());
            m.put("support_fraction", Randomization.SUPPORT_FRACTION);
            return m;
        }
    }

    /** The report with its verdicts, the frames explained (with their settings), the steps of the frames and the agent's description. */
    public record Result(SanityChecks.Report report, List<SanityVerdicts.Verdict> verdicts, List<SaliencyRequest> frames, List<Integer> frameSteps,
                         String network, double seconds) {
    }

    /** The maps {@link #write} stores, T x S x S each, from the trained network and from the fully randomised one. */
    public static final List<String> MAP_FILES = List.of("inputs.npy", "input_change.npy", "actor_trained.npy", "actor_randomised.npy",
            "relative_actor_trained.npy", "relative_actor_randomised.npy");

    private Sanity() {
    }

    /** Plays, collects the frames and runs the checks; {@code status} gets a line of progress now and then. */
    public static Result run(Settings s, Consumer<String> status) throws Exception {
        long start = System.nanoTime();
        Policy loaded = Agents.loadPolicy(s.agent(), s.game().actionCount());
        if (!(loaded instanceof ActorCriticPolicy p)) {
            String d = loaded.describe();
            loaded.close();
            throw new IncompatibleAgentException(s.agent().getFileName() + " is " + d
                    + "; the sanity checks randomise the layers of the A3C actor-critic (baby-a3c or visualize_atari checkpoints)");
        }
        try (p) {
            List<SaliencyRequest> requests = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            try (org.atarisaliency.agents.play.HintSource hints = s.game().hintSource(s.seed(), 0, p.actionCount());
                 Rollout rollout = Rollout.open(p, s.game().spec(), s.game().rom(), ActionSelection.GREEDY, s.seed()).restartOnGameOver()
                         .withHints(hints)) {
                while (requests.size() < s.frames()) {
                    Rollout.Observation o = rollout.observe();
                    if (o.t() >= s.skip() && (o.t() - s.skip()) % s.interval() == 0) {
                        requests.add(s.method().request(o.input(), o.state().copy()));
                        at.add(o.t());
                    }
                    status.accept("playing: step " + o.t() + ", frames " + requests.size() + "/" + s.frames());
                    rollout.step();
                }
            }
            var methods = DeletionInsertion.standardMethods(s.seed());
            // gradient baselines: the maps carry their input array, which identifies the frame's request
            Map<float[], SaliencyRequest> byInput = new IdentityHashMap<>();
            requests.forEach(q -> byInput.put(q.input(), q));
            SanityChecks.Report r;
            try (JacobianSaliency jacobian = new JacobianSaliency(p)) {
                Map<float[], JacobianMap> jacobians = new IdentityHashMap<>();
                Function<SaliencyMap, JacobianMap> jac = m -> jacobians.computeIfAbsent(m.input(), in -> jacobian.compute(byInput.get(in)));
                methods.put("jacobian_chosen", m -> jac.apply(m).chosen());
                methods.put("jacobian_all_logits", m -> jac.apply(m).allLogits());
                methods.put(RELATIVE_ACTOR, m -> InputRelative.of(byInput.get(m.input()), m).actorUpsampled());
                r = SanityChecks.run(p, requests, s.seed(), s.shifts(), methods, s.steps(), status);
            }
            return new Result(r, SanityVerdicts.of(r), List.copyOf(requests), at, p.describe(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** The whole result with its provenance, as {@code sanity --json} prints it and sanity jobs store it. */
    public static Map<String, Object> toJson(Settings s, Result res) throws java.io.IOException {
        SanityChecks.Report r = res.report();
        Map<String, Object> m = Provenance.document("sanity", s.agent(), s.game(), s.provenance());
        m.put("agent_description", res.network());
        m.put("frame_steps", res.frameSteps());
        List<Object> rand = new ArrayList<>();
        for (Randomization.Stage st : r.randomization()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("stage", st.name());
            e.put("actor", similarity(st.actor()));
            e.put("critic", similarity(st.critic()));
            e.put("actor_per_frame", st.actorPerFrame().stream().map(Sanity::similarity).toList());
            e.put("critic_per_frame", st.criticPerFrame().stream().map(Sanity::similarity).toList());
            e.put("relative_actor", similarity(st.relativeActor()));
            e.put("relative_critic", similarity(st.relativeCritic()));
            rand.add(e);
        }
        m.put("randomization", rand);
        List<Object> shift = new ArrayList<>();
        for (ShiftInvariance.Result sh : r.shift()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("shift", sh.shift());
            e.put("frames", sh.frames());
            e.put("bias", comparison(sh.bias()));
            e.put("function", comparison(sh.function()));
            shift.add(e);
        }
        m.put("shift_invariance", shift);
        Map<String, Object> di = new LinkedHashMap<>();
        di.put("steps", s.steps());
        di.put("fractions", r.faithfulness().get(0).mean().deletion().fractions());
        List<Object> methods = new ArrayList<>();
        for (DeletionInsertion.Summary sm : r.faithfulness()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("method", sm.method());
            e.put("deletion", curve(sm.mean().deletion(), true));
            e.put("insertion", curve(sm.mean().insertion(), true));
            e.put("per_frame", sm.perFrame().stream().map(f -> {
                Map<String, Object> pf = new LinkedHashMap<>();
                pf.put("deletion", curve(f.deletion(), false));
                pf.put("insertion", curve(f.insertion(), false));
                return pf;
            }).toList());
            methods.add(e);
        }
        di.put("methods", methods);
        m.put("deletion_insertion", di);
        m.put("thresholds", thresholds());
        m.put("verdicts", res.verdicts().stream().map(Sanity::verdict).toList());
        m.put("all_pass", SanityVerdicts.allPass(res.verdicts()));
        m.put("seconds", res.seconds());
        return m;
    }

    private static Map<String, Object> thresholds() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("randomisation_spearman_below", SanityVerdicts.RANDOMISATION_THRESHOLD);
        t.put("input_invariance_relative_difference_below", SanityVerdicts.SHIFT_THRESHOLD);
        t.put("deletion_insertion", "beat the random map on both curves");
        return t;
    }

    private static Map<String, Object> verdict(SanityVerdicts.Verdict v) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("check", v.check());
        e.put("map", v.map());
        e.put("outcome", v.outcome().name().toLowerCase(java.util.Locale.ROOT));
        e.put("value", v.value());
        e.put("threshold", v.threshold());
        e.put("rule", v.rule());
        e.put("source", v.source());
        e.put("sentence", v.sentence());
        return e;
    }

    /**
     * Writes {@code sanity.json} (as {@link #toJson}), {@code sanity.png} (the randomisation chart)
     * and the maps of {@link #MAP_FILES} into {@code dir}, all renamed into place together.
     */
    public static void write(Settings s, Result res, Path dir) throws java.io.IOException {
        List<Randomization.Stage> stages = res.report().randomization();
        Randomization.Stage trained = stages.get(0), random = stages.get(stages.size() - 1);
        try (RunFolder out = RunFolder.in(dir)) {
            int size = trained.maps().get(0).inputSize();
            Map<String, NpyStreamWriter> npy = new LinkedHashMap<>();
            for (String name : MAP_FILES) {
                npy.put(name, out.npy(out.resolve(name), size, size));
            }
            for (int i = 0; i < res.frames().size(); i++) {
                SaliencyRequest q = res.frames().get(i);
                SaliencyMap t = trained.maps().get(i), r = random.maps().get(i);
                float[] change = InputRelative.inputChange(q, t);
                npy.get("inputs.npy").append(t.input());
                npy.get("input_change.npy").append(SaliencyMap.upsample(change, t.grid(), size));
                npy.get("actor_trained.npy").append(t.actorUpsampled());
                npy.get("actor_randomised.npy").append(r.actorUpsampled());
                npy.get("relative_actor_trained.npy").append(InputRelative.of(t, change).actorUpsampled());
                npy.get("relative_actor_randomised.npy").append(InputRelative.of(r, change).actorUpsampled());
            }
            SanityChart.write(out.resolve("sanity.png"), chartNumbers(res),
                    s.agent().getFileName() + " on " + s.game().spec().id() + ": cascading randomisation, " + res.frames().size() + " frames");
            out.json(out.resolve("sanity.json"), toJson(s, res));
            out.commit();
        }
    }

    /** The chart's numbers: each map's Spearman with the trained map per stage, labelled with its verdict. */
    static SanityChart.Numbers chartNumbers(Result res) {
        List<Randomization.Stage> stages = res.report().randomization();
        Map<String, double[]> series = new LinkedHashMap<>();
        List<Function<Randomization.Stage, Randomization.Similarity>> which = List.of(Randomization.Stage::actor, Randomization.Stage::critic,
                Randomization.Stage::relativeActor, Randomization.Stage::relativeCritic);
        List<SanityVerdicts.Verdict> rand = res.verdicts().stream().filter(v -> v.check().equals("randomisation")).toList();
        for (int k = 0; k < which.size(); k++) {
            SanityVerdicts.Verdict v = rand.get(k);
            Function<Randomization.Stage, Randomization.Similarity> f = which.get(k);
            series.put(String.format(java.util.Locale.ROOT, "%s (%s, %.2f)", v.map(), v.outcome(), v.value()),
                    stages.stream().mapToDouble(st -> f.apply(st).spearman()).toArray());
        }
        double[] input = stages.stream().mapToDouble(st -> st.actor().inputChangeSpearman()).toArray();
        return new SanityChart.Numbers(stages.stream().map(Randomization.Stage::name).toList(), series, input,
                SanityVerdicts.RANDOMISATION_THRESHOLD);
    }

    private static Map<String, Object> similarity(Randomization.Similarity s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("spearman", s.spearman());
        e.put("ssim", s.ssim());
        e.put("support_spearman", s.supportSpearman());
        e.put("input_change_spearman", s.inputChangeSpearman());
        return e;
    }

    private static Map<String, Object> comparison(ShiftInvariance.Comparison c) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("actor_max_relative_diff", c.actorMaxRelativeDiff());
        e.put("critic_max_relative_diff", c.criticMaxRelativeDiff());
        e.put("actor_interior_relative_diff", c.actorInteriorRelativeDiff());
        e.put("critic_interior_relative_diff", c.criticInteriorRelativeDiff());
        e.put("actor_spearman", c.actorSpearman());
        e.put("critic_spearman", c.criticSpearman());
        e.put("logit_max_abs_diff", c.logitMaxAbsDiff());
        e.put("value_max_abs_diff", c.valueMaxAbsDiff());
        e.put("same_action", c.sameAction());
        return e;
    }

    private static Map<String, Object> curve(DeletionInsertion.Curve c, boolean withPoints) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("policy_change_auc", c.policyChangeAuc());
        e.put("action_probability_auc", c.actionProbabilityAuc());
        if (withPoints) {
            e.put("policy_change", c.policyChange());
            e.put("action_probability", c.actionProbability());
        }
        return e;
    }
}
