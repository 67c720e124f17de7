package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.saliency.SaliencyRequest;
import org.atarisaliency.saliency.metrics.DeletionInsertion;
import org.atarisaliency.saliency.metrics.Randomization;
import org.atarisaliency.saliency.metrics.SanityChecks;
import org.atarisaliency.saliency.metrics.ShiftInvariance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sanity}: saliency sanity checks and faithfulness metrics on real frames of the agent playing. */
@Command(name = "sanity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sanity checks of perturbation saliency on real frames of the agent playing",
            "greedily.",
            "(a) Cascading randomisation (Adebayo et al. 2018): the layers are replaced",
            "    by random ones (PyTorch's default initialisation) from the top down:",
            "    heads, recurrent cell, conv4 .. conv1. Each stage's maps are compared",
            "    with the trained network's: Spearman rank correlation over the whole",
            "    map and over the support (the pixels the blur changes), SSIM, and",
            "    Spearman with the input-change map, which the frame alone gives.",
            "(b) Input-shift invariance (Kindermans et al. 2017): maps of I+c, with",
            "    conv1's bias absorbing c (exact except at the zero-padded border) and",
            "    with the same network run on (I+c)-c, against the maps of I.",
            "(c) Deletion/insertion: the most salient pixels blurred (restored) first;",
            "    the policy change and the probability of the original action against",
            "    the fraction, and the areas under the curves, for the perturbation",
            "    actor map, the chosen-action map and a random map.",
            ""})
public final class SanityCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", required = true, paramLabel = "FILE", description = "A3C actor-critic checkpoint (baby-a3c or visualize_atari).")
    Path agent;

    @Mixin
    GameOptions game;

    @Option(names = "--frames", defaultValue = "5", description = "Frames to explain (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the emulator, the random layers and the random baseline map (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skip", defaultValue = "50", description = "Agent steps played before the first frame (default: ${DEFAULT-VALUE}).")
    int skip;

    @Option(names = "--interval", defaultValue = "10", description = "Agent steps between the frames (default: ${DEFAULT-VALUE}).")
    int interval;

    @Option(names = "--stride", defaultValue = "5", description = "Grid spacing d in pixels (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--radius", defaultValue = "5", description = "Mask radius: Gaussian sigma r (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--blur", defaultValue = "3", description = "Sigma of the blur the masks and the deletion curves blend in (default: ${DEFAULT-VALUE}).")
    double blur;

    @Option(names = "--shifts", defaultValue = "0.1,-0.1", split = ",", paramLabel = "C",
            description = "Input shifts c for the invariance check (default: ${DEFAULT-VALUE}).")
    double[] shifts;

    @Option(names = "--steps", defaultValue = "20", description = "Steps of the deletion/insertion curves: fractions 0, 1/steps, ..., 1 (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--json", description = "Print one JSON object on stdout with all results; progress stays on stderr.")
    boolean json;

    @Mixin
    CommonOptions common;

    private record Collected(List<SaliencyRequest> requests, List<Integer> steps) {
    }

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || skip < 0 || interval < 1) {
            throw new IllegalArgumentException("--frames and --interval must be >= 1 and --skip >= 0");
        }
        if (steps < 1 || steps > 1000) {
            throw new IllegalArgumentException("--steps must be in 1..1000, got " + steps);
        }
        if (shifts.length == 0) {
            throw new IllegalArgumentException("--shifts needs at least one value");
        }
        for (double c : shifts) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("--shifts must be finite numbers");
            }
        }
        // validates --stride, --radius, --blur before the rollout
        org.atarisaliency.saliency.MaskBank.of(stride, radius, 80);
        if (!(blur >= 0)) {
            throw new IllegalArgumentException("--blur must be >= 0, got " + blur);
        }
        GameOptions.Resolved g = game.resolve();
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        Consumer<String> status = s -> progress.show(s + "  " + ProgressLine.duration(progress.elapsed()), false);
        long start = System.nanoTime();
        try (AtariEnv env = AtariEnv.open(g.spec(), g.rom(), seed, 0); Policy loaded = Agents.loadPolicy(agent, env.actionCount())) {
            if (!(loaded instanceof ActorCriticPolicy p)) {
                throw new IncompatibleAgentException(agent.getFileName() + " is " + loaded.describe()
                        + "; the sanity checks randomise the layers of the A3C actor-critic (baby-a3c or visualize_atari checkpoints)");
            }
            Collected c = collect(env, p, status);
            var methods = DeletionInsertion.standardMethods(seed);
            // gradient baselines: the maps carry their input array, which identifies the frame's request
            java.util.Map<float[], org.atarisaliency.saliency.SaliencyRequest> byInput = new java.util.IdentityHashMap<>();
            c.requests().forEach(q -> byInput.put(q.input(), q));
            org.atarisaliency.saliency.JacobianSaliency jacobian = new org.atarisaliency.saliency.JacobianSaliency(p);
            java.util.Map<float[], org.atarisaliency.saliency.JacobianMap> jacobians = new java.util.IdentityHashMap<>();
            java.util.function.Function<org.atarisaliency.saliency.SaliencyMap, org.atarisaliency.saliency.JacobianMap> jac =
                    m -> jacobians.computeIfAbsent(m.input(), in -> jacobian.compute(byInput.get(in)));
            methods.put("jacobian_chosen", m -> jac.apply(m).chosen());
            methods.put("jacobian_all_logits", m -> jac.apply(m).allLogits());
            SanityChecks.Report r;
            try {
                r = SanityChecks.run(p, c.requests(), seed, shifts, methods, steps, status);
            } finally {
                jacobian.close();
            }
            progress.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (json) {
                out.println(Json.write(toJson(r, c, g, p, seconds)));
            } else {
                print(out, r, c, g, p, seconds);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** Plays greedily and keeps the frames at steps skip, skip + interval, ... with the states before them. */
    private Collected collect(AtariEnv env, ActorCriticPolicy p, Consumer<String> status) {
        List<SaliencyRequest> requests = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        RecurrentState h = p.initialState(1);
        for (int t = 0; requests.size() < frames; t++) {
            float[] x = new float[p.preprocessor().length()];
            p.preprocessor().apply(env.frame(), x, 0);
            if (t >= skip && (t - skip) % interval == 0) {
                requests.add(new SaliencyRequest(x, h.copy(), stride, radius, blur, PerturbationMode.OCCLUDE, 257));
                at.add(t);
            }
            status.accept("playing: step " + t + ", frames " + requests.size() + "/" + frames);
            PolicyOutput o = p.forward(x, h);
            if (env.step(o.greedyAction(0)).gameOver()) {
                env.reset();
                h = p.initialState(1);
            } else {
                h = o.next();
            }
        }
        return new Collected(requests, at);
    }

    private void print(PrintWriter out, SanityChecks.Report r, Collected c, GameOptions.Resolved g, ActorCriticPolicy p, double seconds) {
        out.printf("%s on %s: %d frames (steps %s), d=%d, r=%s, blur %s, seed %d%n", p.describe(), g.spec().id(), c.steps().size(),
                joinInts(c.steps()), stride, fmt(radius), fmt(blur), seed);
        out.println();
        out.println("(a) Cascading randomisation (Adebayo et al. 2018): each stage's maps vs the trained network's, mean over frames.");
        out.println("    spearman: rank correlation over the whole map; support: over the pixels the blur changes; ssim: SSIM;");
        out.println("    input-chg: the stage's map vs the input-change map (what the frame alone explains).");
        out.printf("%-9s | %-36s | %-36s%n", "", "actor", "critic");
        out.printf("%-9s | %8s %8s %8s %9s | %8s %8s %8s %9s%n", "stage", "spearman", "support", "ssim", "input-chg", "spearman", "support",
                "ssim", "input-chg");
        for (Randomization.Stage s : r.randomization()) {
            out.printf("%-9s | %8s %8s %8s %9s | %8s %8s %8s %9s%n", s.name(), f3(s.actor().spearman()), f3(s.actor().supportSpearman()),
                    f3(s.actor().ssim()), f3(s.actor().inputChangeSpearman()), f3(s.critic().spearman()), f3(s.critic().supportSpearman()),
                    f3(s.critic().ssim()), f3(s.critic().inputChangeSpearman()));
        }
        out.println();
        out.println("(b) Input-shift invariance (Kindermans et al. 2017): maps of I+c vs maps of I, worst frame; spearman: mean.");
        out.println("    bias: conv1's bias absorbs c (exact except at the zero-padded first row/column of conv1);");
        out.println("    function: the same network on (I+c)-c (tests the saliency method alone).");
        out.println("    diff: max |map(I+c) - map(I)| / max map(I), over all grid points and over the interior (masks off rows/cols 0..1).");
        out.printf("%-6s %-8s | %-27s | %-27s | %10s %6s%n", "", "", "actor", "critic", "", "");
        out.printf("%-6s %-8s | %8s %9s %8s | %8s %9s %8s | %10s %6s%n", "c", "model", "diff", "interior", "spearman", "diff", "interior",
                "spearman", "max dlogit", "same a");
        for (ShiftInvariance.Result s : r.shift()) {
            for (String which : List.of("function", "bias")) {
                ShiftInvariance.Comparison m = which.equals("bias") ? s.bias() : s.function();
                out.printf("%-6s %-8s | %8s %9s %8s | %8s %9s %8s | %10s %6s%n", String.format(Locale.ROOT, "%+.3g", s.shift()), which,
                        g3(m.actorMaxRelativeDiff()), g3(m.actorInteriorRelativeDiff()), f3(m.actorSpearman()), g3(m.criticMaxRelativeDiff()),
                        g3(m.criticInteriorRelativeDiff()), f3(m.criticSpearman()), g3(m.logitMaxAbsDiff()), m.sameAction() + "/" + s.frames());
            }
        }
        out.println();
        out.printf("(c) Deletion / insertion (%d steps): mean area under the curves over frames; faithful maps beat random with a%n", steps);
        out.println("    higher deletion change, lower deletion p(a), lower insertion change and higher insertion p(a).");
        out.println("    change: 0.5 * sum of squared logit differences to the unperturbed frame; p(a): probability of its greedy action.");
        out.printf("%-20s | %-17s | %-17s%n", "", "deletion", "insertion");
        out.printf("%-20s | %8s %8s | %8s %8s%n", "method", "change", "p(a)", "change", "p(a)");
        for (DeletionInsertion.Summary s : r.faithfulness()) {
            DeletionInsertion.Result m = s.mean();
            out.printf("%-20s | %8s %8s | %8s %8s%n", s.method(), g4(m.deletion().policyChangeAuc()), f3(m.deletion().actionProbabilityAuc()),
                    g4(m.insertion().policyChangeAuc()), f3(m.insertion().actionProbabilityAuc()));
        }
        out.println();
        out.printf("%.1f s%n", seconds);
    }

    private Map<String, Object> toJson(SanityChecks.Report r, Collected c, GameOptions.Resolved g, ActorCriticPolicy p, double seconds)
            throws java.io.IOException {
        Map<String, Object> m = Provenance.base(agent);
        m.put("command", "sanity");
        m.put("agent_description", p.describe());
        m.put("game", g.spec().id());
        m.put("rom_md5", AtariEnv.md5(g.rom()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("frames", frames);
        settings.put("seed", seed);
        settings.put("skip", skip);
        settings.put("interval", interval);
        settings.put("stride", stride);
        settings.put("radius", radius);
        settings.put("blur", blur);
        settings.put("mode", "occlude");
        settings.put("shifts", shifts.clone());
        settings.put("steps", steps);
        settings.put("support_fraction", Randomization.SUPPORT_FRACTION);
        m.put("settings", settings);
        m.put("frame_steps", c.steps());
        List<Object> rand = new ArrayList<>();
        for (Randomization.Stage s : r.randomization()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("stage", s.name());
            e.put("actor", similarity(s.actor()));
            e.put("critic", similarity(s.critic()));
            e.put("actor_per_frame", s.actorPerFrame().stream().map(SanityCommand::similarity).toList());
            e.put("critic_per_frame", s.criticPerFrame().stream().map(SanityCommand::similarity).toList());
            rand.add(e);
        }
        m.put("randomization", rand);
        List<Object> shift = new ArrayList<>();
        for (ShiftInvariance.Result s : r.shift()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("shift", s.shift());
            e.put("frames", s.frames());
            e.put("bias", comparison(s.bias()));
            e.put("function", comparison(s.function()));
            shift.add(e);
        }
        m.put("shift_invariance", shift);
        Map<String, Object> di = new LinkedHashMap<>();
        di.put("steps", steps);
        di.put("fractions", r.faithfulness().get(0).mean().deletion().fractions());
        List<Object> methods = new ArrayList<>();
        for (DeletionInsertion.Summary s : r.faithfulness()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("method", s.method());
            e.put("deletion", curve(s.mean().deletion(), true));
            e.put("insertion", curve(s.mean().insertion(), true));
            e.put("per_frame", s.perFrame().stream().map(f -> {
                Map<String, Object> pf = new LinkedHashMap<>();
                pf.put("deletion", curve(f.deletion(), false));
                pf.put("insertion", curve(f.insertion(), false));
                return pf;
            }).toList());
            methods.add(e);
        }
        di.put("methods", methods);
        m.put("deletion_insertion", di);
        m.put("seconds", seconds);
        return m;
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

    private static String joinInts(List<Integer> v) {
        return String.join(", ", v.stream().map(String::valueOf).toList());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String g3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String g4(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }
}
