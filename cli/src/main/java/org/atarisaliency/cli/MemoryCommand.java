package org.atarisaliency.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.saliency.MemoryAnalysis;
import org.atarisaliency.video.MemoryChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memory}: when, and how much, the agent relies on its recurrent memory. */
@Command(name = "memory", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The role of the agent's recurrent memory (Greydanus et al. 2018, section 5),",
            "written to DIR:",
            "memory.csv    per step: actor/critic change when the memory is scaled",
            "              (--memory-scale), removed, or disturbed by noise, per state",
            "              part; the image-saliency totals; rewards, life losses,",
            "              paddle-ball contacts;",
            "summary.json  reliance peak/median, a permutation test of reliance peaks",
            "              against paddle-ball contacts, the top units, recovery after a",
            "              memory reset, and the score when the memory is reset every k",
            "              steps;",
            "memory.png    the reliance chart with event markers."})
public final class MemoryCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", required = true, paramLabel = "FILE", description = "Agent with a memory (GRU/LSTM, or an RL4J frame stack).")
    Path agent;

    @Mixin
    GameOptions game;

    @Option(names = "--frames", defaultValue = "400", description = "Steps analysed (default: ${DEFAULT-VALUE}); fewer if the episode ends.")
    int frames;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of emulator, actions and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--memory-scale", defaultValue = "0.99", description = "The memory is multiplied by this: the paper's 1% decrease (default: ${DEFAULT-VALUE}); removal (0) and noise are always reported too.")
    double memoryScale;

    @Option(names = "--noise", defaultValue = "0.1", description = "Noise variant: standard deviation as a fraction of the memory's RMS (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--policy", defaultValue = "sample", paramLabel = "greedy|sample", description = "Action choice (default: ${DEFAULT-VALUE}, as trained).")
    String policy;

    @Option(names = "--top-k", defaultValue = "10", description = "Most important memory units listed (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--window", defaultValue = "2", description = "Contact test: steps either side of a contact that count as coinciding (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--recovery-every", defaultValue = "40", description = "Reset a copy of the memory every N steps and count the steps until its policy is back (default: ${DEFAULT-VALUE}).")
    int recoveryEvery;

    @Option(names = "--kl", defaultValue = "0.01", description = "Recovered when KL(policy || reset policy) stays below this for 3 steps (default: ${DEFAULT-VALUE}).")
    double kl;

    @Option(names = "--ablation-periods", defaultValue = "1,4,16,0", split = ",", description = "Reset the memory every k steps over whole episodes; 0 = never (default: ${DEFAULT-VALUE}).")
    List<Integer> periods;

    @Option(names = "--ablation-episodes", defaultValue = "5", description = "Episodes per reset period; 0 skips the ablation (default: ${DEFAULT-VALUE}).")
    int ablationEpisodes;

    @Option(names = "--ablation-max-steps", defaultValue = "10000", description = "Episode cap in the ablation (default: ${DEFAULT-VALUE}).")
    int ablationMaxSteps;

    @Option(names = "--stride", defaultValue = "5", description = "Image saliency grid spacing (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--radius", defaultValue = "5", description = "Image saliency mask radius (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        ActionSelection selection = ActionSelection.parse(policy);
        if (topK < 1 || window < 0) {
            throw new IllegalArgumentException("--top-k must be >= 1 and --window >= 0");
        }
        GameOptions.Resolved g = game.resolve();
        var err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        try (AtariEnv env = AtariEnv.open(g.spec(), g.rom(), Seeds.childInt(seed, "env", 0), 0);
             Policy p = Agents.loadPolicy(agent, env.actionCount())) {
            MemoryAnalysis.Settings s = new MemoryAnalysis.Settings(seed, frames, memoryScale, noise, selection, stride, radius,
                    recoveryEvery, kl, 300);
            MemoryAnalysis.Result r = MemoryAnalysis.run(p, env, s, done -> {
                double el = progress.elapsed();
                progress.fraction((ablationEpisodes > 0 ? 0.3 : 1.0) * done / frames);
                progress.show(String.format("%s %d/%d steps  ETA %s", ProgressLine.bar(done, frames, 24), done, frames,
                        ProgressLine.duration(el / done * (frames - done))), false);
            });
            writeCsv(out.resolve("memory.csv"), r, env.actionNames());
            MemoryAnalysis.ContactTest test = MemoryAnalysis.contactTest(r.reliance(), r.contactSteps(), window, 2000, seed + 17);
            // the same test for the image-saliency total: is the policy sensitive to any perturbation at contacts?
            MemoryAnalysis.ContactTest imageTest = MemoryAnalysis.contactTest(
                    r.steps().stream().mapToDouble(MemoryAnalysis.Step::imageActor).toArray(), r.contactSteps(), window, 2000, seed + 17);
            List<Object> ablation = new ArrayList<>();
            if (ablationEpisodes > 0) {
                for (int i = 0; i < periods.size(); i++) {
                    int k = periods.get(i), kk = k, index = i;
                    Evaluator.Result e = Evaluator.run(p, new Evaluator.Settings(g.spec(), g.rom(), ablationEpisodes, seed, selection,
                            ablationMaxSteps, ablationEpisodes, k), new Evaluator.Listener() {
                        @Override
                        public void onStep(long steps, int finished) {
                            progress.fraction(0.3 + 0.7 * (index + finished / (double) ablationEpisodes) / periods.size());
                            progress.show(String.format("ablation: memory reset every %s: %d/%d episodes, %d steps", kk == 0 ? "never" : kk + " steps",
                                    finished, ablationEpisodes, steps), false);
                        }

                        @Override
                        public void onEpisode(Evaluator.Episode ep) {
                        }
                    });
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("reset_every", k == 0 ? "never" : Integer.toString(k));
                    row.put("mean", e.mean());
                    row.put("sd", e.sd());
                    row.put("scores", e.episodes().stream().map(Evaluator.Episode::score).toList());
                    row.put("lengths", e.episodes().stream().map(Evaluator.Episode::length).toList());
                    row.put("cut_at_max_steps", e.episodes().stream().filter(Evaluator.Episode::truncated).count());
                    ablation.add(row);
                }
            }
            progress.finish();
            String title = "Memory reliance: " + p.describe() + " on " + g.spec().id() + " (seed " + seed + ")";
            MemoryChart.write(out.resolve("memory.png"), r, title, memoryScale);
            Map<String, Object> summary = summary(r, test, ablation, g, p, (System.nanoTime() - t0) / 1e9);
            Map<String, Object> it = new LinkedHashMap<>();
            it.put("share_with_peak", imageTest.observed());
            it.put("share_by_chance", imageTest.nullMean());
            it.put("p_value", imageTest.pValue());
            it.put("mean_near_contacts", imageTest.relianceNearContacts());
            it.put("mean_overall", imageTest.relianceOverall());
            summary.put("image_saliency_contact_test", it);
            Provenance.writeJson(out.resolve("summary.json"), summary);
            if (!common.quiet) {
                print(r, test, imageTest, ablation);
            }
        }
        return ExitCodes.OK;
    }

    private void print(MemoryAnalysis.Result r, MemoryAnalysis.ContactTest t, MemoryAnalysis.ContactTest image, List<Object> ablation) {
        var w = spec.commandLine().getOut();
        w.printf("%d steps analysed%s; memory part %s%n", r.steps().size(), r.episodeEnded() ? " (episode ended)" : "", r.parts().get(r.mainPart()));
        w.printf("reliance (actor change, memory x %s): peak/median %.1f; mean near contacts %.3g vs overall %.3g%n", memoryScale,
                t.peakToMedian(), t.relianceNearContacts(), t.relianceOverall());
        if (r.contactsSupported()) {
            w.printf("paddle-ball contacts: %d; share with a reliance peak (top 10%%) within +-%d steps: %.2f vs %.2f by chance (permutation p = %.4f)%n",
                    t.contacts(), window, t.observed(), t.nullMean(), t.pValue());
            w.printf("  for comparison, image-saliency total: share with a peak %.2f vs %.2f by chance (p = %.4f); mean near contacts %.3g vs overall %.3g%n",
                    image.observed(), image.nullMean(), image.pValue(), image.relianceNearContacts(), image.relianceOverall());
        } else {
            w.println("paddle-ball contacts: not detected for this game (Pong and Breakout only)");
        }
        long recovered = r.recoveries().stream().filter(x -> x.stepsToRecover() >= 0).count();
        double[] rs = r.recoveries().stream().filter(x -> x.stepsToRecover() >= 0).mapToDouble(MemoryAnalysis.Recovery::stepsToRecover).sorted().toArray();
        w.printf("after a memory reset: recovered (KL < %s) in %d of %d cases, median %s steps%n", kl, recovered, r.recoveries().size(),
                rs.length == 0 ? "-" : String.format("%.0f", rs[rs.length / 2]));
        for (Object o : ablation) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) o;
            w.printf("memory reset every %-6s score %8.1f ± %.1f%n", row.get("reset_every"), (double) row.get("mean"), (double) row.get("sd"));
        }
        w.printf("wrote %s (memory.csv, summary.json, memory.png)%n", out);
        w.flush();
    }

    private Map<String, Object> summary(MemoryAnalysis.Result r, MemoryAnalysis.ContactTest t, List<Object> ablation, GameOptions.Resolved g,
                                        Policy p, double seconds) throws java.io.IOException {
        Map<String, Object> m = Provenance.base(agent);
        m.put("command", "memory");
        m.put("game", g.spec().id());
        m.put("rom_md5", AtariEnv.md5(g.rom()));
        m.put("seed", seed);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("frames", frames);
        settings.put("memory_scale", memoryScale);
        settings.put("noise", noise);
        settings.put("policy", policy);
        settings.put("stride", stride);
        settings.put("radius", radius);
        settings.put("network", p.describe());
        m.put("settings", settings);
        m.put("steps", r.steps().size());
        m.put("memory_parts", r.parts());
        m.put("main_part", r.parts().get(r.mainPart()));
        double[] rel = r.reliance().clone();
        Arrays.sort(rel);
        Map<String, Object> reliance = new LinkedHashMap<>();
        reliance.put("peak", rel[rel.length - 1]);
        reliance.put("median", rel[rel.length / 2]);
        reliance.put("peak_to_median", t.peakToMedian());
        reliance.put("mean", t.relianceOverall());
        m.put("reliance", reliance);
        Map<String, Object> ct = new LinkedHashMap<>();
        ct.put("supported", r.contactsSupported());
        ct.put("contacts", t.contacts());
        ct.put("contact_steps", Arrays.stream(r.contactSteps()).boxed().toList());
        ct.put("window", window);
        ct.put("share_with_peak", t.observed());
        ct.put("share_by_chance", t.nullMean());
        ct.put("p_value", t.pValue());
        ct.put("mean_reliance_near_contacts", t.relianceNearContacts());
        ct.put("method", "peaks = steps at or above the 90th percentile of the reliance series; statistic = share of contacts with a peak within "
                + "+-window steps; null = the contact times circularly shifted by a uniform random offset at least 2*window+1 steps from zero (2000 draws), p = (1 + #null >= observed) / 2001");
        m.put("contact_test", ct);
        Map<String, Object> units = new LinkedHashMap<>();
        for (int k = 0; k < r.parts().size(); k++) {
            float[] mean = r.unitActorMean().get(k);
            List<Object> top = new ArrayList<>();
            IntStream.range(0, mean.length).boxed().sorted((a, b) -> Float.compare(mean[b], mean[a])).limit(topK).forEach(u -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("unit", u);
                e.put("mean_actor_score", (double) mean[u]);
                top.add(e);
            });
            units.put(r.parts().get(k), top);
        }
        m.put("top_units", units);
        List<Object> rec = new ArrayList<>();
        for (MemoryAnalysis.Recovery x : r.recoveries()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("reset_at", x.step());
            e.put("steps_to_recover", x.stepsToRecover() < 0 ? null : x.stepsToRecover());
            e.put("kl_first_step", x.firstKl());
            rec.add(e);
        }
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("kl_threshold", kl);
        recovery.put("resets", rec);
        m.put("recovery", recovery);
        m.put("ablation", ablation);
        m.put("seconds", seconds);
        return m;
    }

    private static void writeCsv(Path file, MemoryAnalysis.Result r, List<String> actionNames) throws java.io.IOException {
        Path tmp = org.atarisaliency.env.OutputFiles.tempBeside(file);
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            StringBuilder h = new StringBuilder("step,action,action_name,value,reward,lives,life_lost,contact,opponent_contact");
            for (String part : r.parts()) {
                for (String c : new String[] {"scale_actor", "scale_critic", "remove_actor", "remove_critic", "noise_actor", "noise_critic"}) {
                    h.append(',').append(part).append('_').append(c);
                }
            }
            w.write(h.append(",image_actor_total,image_critic_total\n").toString());
            for (MemoryAnalysis.Step s : r.steps()) {
                StringBuilder b = new StringBuilder();
                b.append(s.step()).append(',').append(s.action()).append(',').append(actionNames.get(s.action())).append(',')
                        .append(f(s.value())).append(',').append(s.reward()).append(',').append(s.lives()).append(',')
                        .append(s.lifeLost() ? 1 : 0).append(',').append(s.contact() ? 1 : 0).append(',').append(s.opponentContact() ? 1 : 0);
                for (int k = 0; k < r.parts().size(); k++) {
                    for (double v : new double[] {s.scaleActor()[k], s.scaleCritic()[k], s.removeActor()[k], s.removeCritic()[k],
                        s.noiseActor()[k], s.noiseCritic()[k]}) {
                        b.append(',').append(f(v));
                    }
                }
                b.append(',').append(f(s.imageActor())).append(',').append(f(s.imageCritic())).append('\n');
                w.write(b.toString());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
