package org.atarisaliency.pipelines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.agents.play.Step;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.GameVariant;
import org.atarisaliency.env.Intervention;
import org.atarisaliency.env.Interventions;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.ScreenRegion;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.InputRelative;
import org.atarisaliency.saliency.JacobianSaliency;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.counterfactual.Agreement;
import org.atarisaliency.saliency.counterfactual.InterventionTrials;
import org.atarisaliency.saliency.counterfactual.ObjectMass;
import org.atarisaliency.saliency.methods.MethodInputs;
import org.atarisaliency.saliency.methods.SaliencyMethod;
import org.atarisaliency.saliency.methods.SaliencyMethods;
import org.atarisaliency.video.CounterfactualChart;

/**
 * Object-level counterfactuals along a trajectory (Atrey et al., ICLR 2020, on the real games): at
 * each analysed step every intervention of the game ({@link Interventions}) is made in the state
 * before the agent's previous step, that step is replayed, and the policy's change on the frame it
 * shows is measured ({@link InterventionTrials}); the saliency maps of the real frame (perturbation
 * actor/critic/chosen-action, input-relative actor/critic ({@link InputRelative}), Jacobian, random) are read on the affected object's box
 * ({@link ObjectMass}) and compared with those changes ({@link Agreement}). Written to a folder:
 * interventions.csv (one row per step and intervention), summary.json and interventions.png.
 */
public final class Intervene {

    /** Steps analysed. */
    public static final Setting<Long> FRAMES = Setting.integer("frames", 200, 1, 1_000_000, "Steps analysed").unit("steps");
    /** Agent steps played before the first analysed step (at least 1: a step needs the one before it). */
    public static final Setting<Long> SKIP = Setting.integer("skip", 20, 1, 1_000_000,
            "Agent steps played before the first analysed step (a step needs the one before it)").unit("steps");
    /** Agent steps between analysed steps. */
    public static final Setting<Long> INTERVAL = Setting.integer("interval", 1, 1, 100_000, "Agent steps between analysed steps").unit("steps");
    /** Pixels an object is moved by (both directions). */
    public static final Setting<Long> SHIFT = Setting.integer("shift", 8, 1, 100, "Pixels an object is moved by, both ways").unit("pixels");
    /** An intervention "matters" when the policy's total-variation change reaches this (inside the open interval (0, 1)). */
    public static final Setting<Double> TV_THRESHOLD = Setting.number("tv_threshold", 0.05, 0.0001, 0.9999,
            "An intervention matters when the policy's total-variation change reaches this");

    /** Every setting of an intervention run, in the order help and provenance list them. */
    public static final Declaration DECLARATION = Declaration.of(FRAMES, SKIP, INTERVAL, SHIFT, TV_THRESHOLD, SharedSettings.POLICY,
            SharedSettings.STRIDE, SharedSettings.RADIUS, SharedSettings.VARIANT.inSpecsOnlyWhenGiven());

    /**
     * What to run: the agent, its game (without hints, with an object model), the seed, the {@link #DECLARATION}'s
     * settings and the folder written.
     */
    public record Settings(Path agent, Game game, long seed, SettingValues values, Path dir) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            game = game.withVariants(values.get(SharedSettings.VARIANT));
            if (game.hinted()) {
                throw new InvalidSettingException("hints", "cannot be used with interventions (the hint strip is drawn outside the game)", "off");
            }
            if (!GameObjects.supported(game.spec().rom())) {
                throw new InvalidSettingException("game", "'" + game.spec().id() + "' has no object model for interventions; supported: "
                        + "Pong, Breakout, SpaceInvaders");
            }
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

        public int shift() {
            return values.integer(SHIFT);
        }

        public double tvThreshold() {
            return values.number(TV_THRESHOLD);
        }

        public ActionSelection selection() {
            return SharedSettings.selection(values.get(SharedSettings.POLICY));
        }

        /** The perturbation: occlude, the newest frame, the paper's blur, the declared stride and radius. */
        public Perturbation method() {
            return Perturbation.of(values);
        }

        /**
         * The interventions tried: the game's ({@link Interventions#of}) less the moves of an object a variant holds
         * ({@link GameVariant#holds}), which the next frame would undo.
         */
        public List<Intervention> interventions() {
            Map<String, String> out = leftOut();
            return Interventions.of(game.spec().rom(), shift()).stream().filter(iv -> !out.containsKey(iv.name())).toList();
        }

        /** The moves left out because a variant holds their object, each with that variant's name. */
        public Map<String, String> leftOut() {
            Map<String, String> out = new LinkedHashMap<>();
            for (Intervention iv : Interventions.of(game.spec().rom(), shift())) {
                for (GameVariant v : game.spec().variants()) {
                    if (iv.kind().equals("move") && v.holds().contains(iv.object())) {
                        out.putIfAbsent(iv.name(), v.name());
                    }
                }
            }
            return out;
        }

        /**
         * The settings part of summary.json: every declared setting, what the perturbation fixes (blur, mode, target) and,
         * under a variant that holds an object, the moves left out.
         */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>(values.asMap());
            m.putAll(method().provenance());
            if (!leftOut().isEmpty()) {
                m.put("interventions_left_out", leftOut());
            }
            return m;
        }
    }

    /** Progress: a line of text and the fraction done. */
    public interface Listener {
        void onProgress(String text, double fraction);
    }

    /** Sees each analysed step: the real frame's maps at input resolution by map name, and the interventions' trials. */
    public interface StepObserver {
        /**
         * @param step    the agent step
         * @param maps    each method's map (size x size over {@code region}), by map name
         * @param trials  every intervention tried at the step, with the control replay's RAM
         */
        void onStep(int step, Map<String, float[]> maps, InterventionTrials.Result trials, int size, ScreenRegion region);
    }

    /**
     * What was measured.
     *
     * @param counts   per intervention: {applicable, took, did not take}
     * @param results  per method, the agreement with the interventions
     */
    public record Result(int steps, List<String> interventions, Map<String, int[]> counts, List<Agreement.Result> results,
                         List<String> skippedMethods, String network, double seconds) {
    }

    private Intervene() {
    }

    /** One intervention that took at one step, with each method's mass on its object. */
    record Row(int step, InterventionTrials.Trial trial, int controlAction, Map<String, ObjectMass> masses) {
    }

    /** Plays, intervenes, compares and writes interventions.csv, interventions.png and summary.json (last). */
    public static Result run(Settings s, Listener listener) throws Exception {
        return run(s, listener, (step, maps, trials, size, region) -> { });
    }

    /** As {@link #run(Settings, Listener)}, showing {@code observer} every analysed step. */
    public static Result run(Settings s, Listener listener, StepObserver observer) throws Exception {
        long t0 = System.nanoTime();
        RunFolder.ensureFolder(s.dir());
        List<Intervention> ivs = s.interventions();
        try (Policy p = Agents.loadPolicy(s.agent(), s.game().actionCount())) {
            s.method().checkAgent(p);
            boolean gradients = p instanceof ActorCriticPolicy acp && acp.weights().inputChannels() == 1;
            List<String> skipped = gradients ? List.of() : SaliencyMethods.all().stream().filter(SaliencyMethod::needsGradients)
                    .flatMap(m -> m.outputs().stream()).map(SaliencyMethod.Output::map).toList();
            ScreenRegion region = p.preprocessor().region();
            int size = p.inputSize();
            SplittableRandom random = new SplittableRandom(Seeds.child(s.seed(), "random-map", 0));
            List<Row> rows = new ArrayList<>();
            List<InterventionTrials.Trial> all = new ArrayList<>();
            List<Integer> allSteps = new ArrayList<>();
            int analysed = 0;
            try (PerturbationSaliency perturbation = new PerturbationSaliency(p);
                 JacobianSaliency jacobian = gradients ? new JacobianSaliency(p) : null;
                 Rollout rollout = Rollout.open(p, s.game().spec(), s.game().rom(), s.selection(), s.seed()).restartOnGameOver().keepEnvState()) {
                Step previous = null;
                while (analysed < s.frames()) {
                    Rollout.Observation o = rollout.observe();
                    if (previous != null && o.t() >= s.skip() && (o.t() - s.skip()) % s.interval() == 0) {
                        InterventionTrials.Result r = InterventionTrials.run(p, rollout.env(), previous.envState(), previous.action(), o.frame(),
                                o.state(), ivs);
                        Map<String, float[]> maps = maps(new MethodInputs(perturbation, jacobian, s.method().request(o.input(), o.state()), random,
                                size), gradients);
                        observer.onStep(o.t(), maps, r, size, region);
                        for (InterventionTrials.Trial tr : r.trials()) {
                            all.add(tr);
                            allSteps.add(o.t());
                            if (tr.status() == InterventionTrials.Status.TOOK && tr.box() != null) {
                                Map<String, ObjectMass> masses = new LinkedHashMap<>();
                                maps.forEach((name, map) -> masses.put(name, ObjectMass.of(map, size, region, tr.box())));
                                rows.add(new Row(o.t(), tr, r.controlAction(), masses));
                            }
                        }
                        analysed++;
                        listener.onProgress(String.format("step %d: %d/%d steps analysed, %d interventions took", o.t(), analysed, s.frames(),
                                rows.size()), analysed / (double) s.frames());
                    }
                    if (previous != null && previous.envState() != null) {
                        previous.envState().close();
                    }
                    Step st = rollout.step();
                    previous = st.gameOver() ? null : st;
                    if (st.gameOver() && st.envState() != null) {
                        st.envState().close();
                    }
                }
                if (previous != null && previous.envState() != null) {
                    previous.envState().close();
                }
            }
            Map<String, int[]> counts = counts(ivs, all);
            List<Agreement.Result> results = new ArrayList<>();
            for (SaliencyMethod.Output m : SaliencyMethods.outputs()) {
                if (skipped.contains(m.map())) {
                    continue;
                }
                List<Agreement.Sample> samples = rows.stream().map(r -> new Agreement.Sample(r.trial().intervention().object(),
                        r.trial().intervention().name(), change(r.trial(), m.explains()), r.trial().tv(), r.masses().get(m.map()))).toList();
                results.add(Agreement.of(m.map(), m.explains(), samples, s.tvThreshold()));
            }
            Result res = new Result(analysed, ivs.stream().map(Intervention::name).toList(), counts, results, skipped, p.describe(),
                    (System.nanoTime() - t0) / 1e9);
            try (RunFolder out = RunFolder.in(s.dir())) {
                InterveneReport.writeCsv(out, rows, all, allSteps, methodNames(skipped));
                CounterfactualChart.write(out.resolve("interventions.png"), InterveneReport.chartNumbers(results, rows),
                        s.agent().getFileName() + " on " + s.game().spec().id() + ", seed " + s.seed() + ": " + rows.size()
                                + " interventions took");
                out.json(out.resolve("summary.json"), InterveneReport.summary(s, res, rows));
                out.commit();
            }
            return res;
        }
    }

    private static List<String> methodNames(List<String> skipped) {
        return SaliencyMethods.outputs().stream().map(SaliencyMethod.Output::map).filter(m -> !skipped.contains(m)).toList();
    }

    /** The maps of the real frame at input resolution, by map name, in registry order (gradient methods only with gradients). */
    private static Map<String, float[]> maps(MethodInputs in, boolean gradients) throws InterruptedException {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (SaliencyMethod method : SaliencyMethods.all()) {
            if (gradients || !method.needsGradients()) {
                method.draw(in, m);
            }
        }
        return m;
    }

    static double change(InterventionTrials.Trial t, String target) {
        return switch (target) {
            case "actor" -> t.actor();
            case "critic" -> t.critic();
            case "chosen" -> t.chosen();
            default -> throw new IllegalArgumentException(target);
        };
    }

    private static Map<String, int[]> counts(List<Intervention> ivs, List<InterventionTrials.Trial> all) {
        Map<String, int[]> c = new LinkedHashMap<>();
        ivs.forEach(iv -> c.put(iv.name(), new int[3]));
        for (InterventionTrials.Trial t : all) {
            int[] k = c.get(t.intervention().name());
            if (t.status() != InterventionTrials.Status.NOT_APPLICABLE) {
                k[0]++;
            }
            if (t.status() == InterventionTrials.Status.TOOK) {
                k[1]++;
            }
            if (t.status() == InterventionTrials.Status.DID_NOT_TAKE) {
                k[2]++;
            }
        }
        return c;
    }

}
