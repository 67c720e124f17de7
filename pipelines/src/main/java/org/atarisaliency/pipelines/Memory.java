package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.MemoryAnalysis;
import org.atarisaliency.video.MemoryChart;

/**
 * The role of the agent's recurrent memory (Greydanus et al. 2018, section 5), written to a folder:
 * memory.csv (per step: actor/critic change when the memory is scaled, removed or disturbed, per
 * state part; the image-saliency totals; rewards, life losses, paddle-ball contacts),
 * summary.json (reliance peak/median, the contact permutation test, top units, recovery after a
 * memory reset, the memory-reset ablation over whole episodes) and memory.png (the chart).
 */
public final class Memory {

    /** Steps analysed (fewer if the episode ends); the analysis compares consecutive steps, so at least 2. */
    public static final Setting<Long> FRAMES = Setting.integer("frames", 400, 2, 1_000_000,
            "Steps analysed; fewer if the episode ends").unit("steps");
    /** The noise variant's standard deviation, as a fraction of the memory's RMS. */
    public static final Setting<Double> NOISE = Setting.number("noise", 0.1, 0, 10,
            "Noise variant: standard deviation as a fraction of the memory's RMS");
    /** The most important memory units listed per state part. */
    public static final Setting<Long> TOP_K = Setting.integer("top_k", 10, 1, 100_000,
            "Most important memory units listed").unit("units").inSpecsOnlyWhenGiven();
    /** Contact test: steps either side of a contact that count as coinciding. */
    public static final Setting<Long> WINDOW = Setting.integer("window", 2, 0, 100,
            "Contact test: steps either side of a contact that count as coinciding").unit("steps");
    /** Reset a copy of the memory every N steps and count the steps until its policy is back. */
    public static final Setting<Long> RECOVERY_EVERY = Setting.integer("recovery_every", 40, 1, 1_000_000,
            "Reset a copy of the memory every N steps and count the steps until its policy is back").unit("steps");
    /** Recovered when KL(policy || reset policy) stays below this for 3 steps. */
    public static final Setting<Double> KL = Setting.number("kl", 0.01, 1e-6, 10,
            "Recovered when KL(policy || reset policy) stays below this for 3 steps").inSpecsOnlyWhenGiven();
    /** Steps a reset copy of the memory is followed at most; one not back by then counts as not recovered. */
    public static final Setting<Long> RECOVERY_MAX = Setting.integer("recovery_max", 300, 1, 100_000,
            "Steps a reset copy of the memory is followed at most (not back by then: not recovered)").unit("steps").inSpecsOnlyWhenGiven();
    /** Draws of the contact tests' null distribution (circular shifts of the contact times). */
    public static final Setting<Long> CONTACT_DRAWS = Setting.integer("contact_draws", 2000, 100, 1_000_000,
            "Contact tests: circular shifts of the contact times drawn for the null distribution").inSpecsOnlyWhenGiven();
    /** Reset the memory every k steps over whole episodes; 0 = never. */
    public static final Setting<List<Long>> ABLATION_PERIODS = Setting.integers("ablation_periods", List.of(1L, 4L, 16L, 0L), 0, 1_000_000,
            "Reset the memory every k steps over whole episodes; 0 = never").unit("steps");
    /** Episodes per reset period; 0 skips the ablation. */
    public static final Setting<Long> ABLATION_EPISODES = Setting.integer("ablation_episodes", 5, 0, 1000,
            "Episodes per reset period; 0 skips the ablation").unit("episodes");
    /** The episode cap in the ablation. */
    public static final Setting<Long> ABLATION_MAX_STEPS = Setting.integer("ablation_max_steps", 10_000, 1, 10_000_000,
            "Episode cap in the ablation").unit("steps");

    /** Every setting of a memory analysis, in the order help and provenance list them. */
    public static final Declaration DECLARATION = Declaration.of(FRAMES, SharedSettings.MEMORY_SCALE, NOISE,
            SharedSettings.POLICY.withDefault("sample"), TOP_K, WINDOW, RECOVERY_EVERY, KL, RECOVERY_MAX, CONTACT_DRAWS, ABLATION_PERIODS, ABLATION_EPISODES,
            ABLATION_MAX_STEPS, SharedSettings.STRIDE, SharedSettings.RADIUS, SharedSettings.VARIANT.inSpecsOnlyWhenGiven());

    /** The ablation's settings, recorded and applied only when it runs ({@link #ABLATION_EPISODES} above 0). */
    private static final List<String> ABLATION_ONLY = List.of(ABLATION_PERIODS.key(), ABLATION_MAX_STEPS.key());

    /**
     * What to analyse: the agent, its game, the seed, the {@link #DECLARATION}'s settings and the folder written.
     */
    public record Settings(Path agent, Game game, long seed, SettingValues values, Path dir) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            game = game.withVariants(values.get(SharedSettings.VARIANT));
        }

        public int frames() {
            return values.integer(FRAMES);
        }

        public double memoryScale() {
            return values.number(SharedSettings.MEMORY_SCALE);
        }

        public double noise() {
            return values.number(NOISE);
        }

        public ActionSelection selection() {
            return SharedSettings.selection(values.get(SharedSettings.POLICY));
        }

        public int topK() {
            return values.integer(TOP_K);
        }

        public int window() {
            return values.integer(WINDOW);
        }

        public int recoveryEvery() {
            return values.integer(RECOVERY_EVERY);
        }

        public double kl() {
            return values.number(KL);
        }

        /** Reset the memory every k steps over whole episodes (0 = never). */
        public List<Integer> ablationPeriods() {
            return Arrays.stream(values.integers(ABLATION_PERIODS)).boxed().toList();
        }

        /** Episodes per period; 0 skips the ablation. */
        public int ablationEpisodes() {
            return values.integer(ABLATION_EPISODES);
        }

        public int ablationMaxSteps() {
            return values.integer(ABLATION_MAX_STEPS);
        }

        public int stride() {
            return values.integer(SharedSettings.STRIDE);
        }

        public double radius() {
            return values.number(SharedSettings.RADIUS);
        }

        /**
         * The settings part of summary.json: every declared setting (the ablation's periods and cap only when it
         * runs), the noise samples the analysis fixes, and the network.
         */
        public Map<String, Object> provenance(Policy p) {
            Map<String, Object> m = new LinkedHashMap<>(values.asMap());
            if (ablationEpisodes() == 0) {
                m.keySet().removeAll(ABLATION_ONLY);
            }
            m.put("noise_samples", MemoryAnalysis.NOISE_SAMPLES);
            m.put("network", p.describe());
            return m;
        }
    }

    /** Progress: a line of text and the fraction done. */
    public interface Listener {
        void onProgress(String text, double fraction);
    }

    /** Everything measured, for printing. */
    public record Result(MemoryAnalysis.Result analysis, MemoryAnalysis.ContactTest contacts, MemoryAnalysis.ContactTest image,
                         MemoryAnalysis.ContactProfile profile, List<Map<String, Object>> ablation, String network) {
    }

    private Memory() {
    }

    /** Runs the analysis and the ablation and writes memory.csv, memory.png and summary.json (last). */
    public static Result run(Settings s, Listener listener) throws Exception {
        long t0 = System.nanoTime();
        RunFolder.ensureFolder(s.dir());
        try (AtariEnv env = s.game().open(s.seed());
             Policy p = Agents.loadPolicy(s.agent(), env.actionCount())) {
            MemoryAnalysis.Settings ms = new MemoryAnalysis.Settings(s.seed(), s.frames(), s.memoryScale(), s.noise(), s.selection(), s.stride(),
                    s.radius(), s.recoveryEvery(), s.kl(), s.values().integer(RECOVERY_MAX));
            double analysisShare = s.ablationEpisodes() > 0 ? 0.3 : 1.0;
            MemoryAnalysis.Result r;
            try (HintSource hints = s.game().hintSource(s.seed(), 0, env.actionCount())) {
                r = MemoryAnalysis.run(p, env, ms, hints, done -> listener.onProgress(
                        String.format("%d/%d steps", done, s.frames()), analysisShare * done / s.frames()));
            }
            int draws = s.values().integer(CONTACT_DRAWS);
            MemoryAnalysis.ContactTest test = MemoryAnalysis.contactTest(r.reliance(), r.contactSteps(), s.window(), draws,
                    Seeds.contactTest(s.seed()));
            // the same test for the image-saliency total: is the policy sensitive to any perturbation at contacts?
            MemoryAnalysis.ContactTest imageTest = MemoryAnalysis.contactTest(
                    r.steps().stream().mapToDouble(MemoryAnalysis.Step::imageActor).toArray(), r.contactSteps(), s.window(), draws,
                    Seeds.contactTest(s.seed()));
            MemoryAnalysis.ContactProfile profile = MemoryAnalysis.contactProfile(r.reliance(), r.contactSteps(), PROFILE_LAGS, PROFILE_SIDE,
                    draws, Seeds.contactTest(s.seed()));
            List<Map<String, Object>> ablation = ablation(p, s, listener);
            try (RunFolder out = RunFolder.in(s.dir())) {
                writeCsv(out, r, env.actionNames());
                // game and seed first: a long agent description is what the chart shortens (summary.json has it whole)
                String title = "Memory reliance on " + s.game().spec().id() + " (seed " + s.seed() + "): " + p.describe();
                MemoryChart.write(out.resolve("memory.png"), series(r), title, s.memoryScale());
                Map<String, Object> summary = summary(s, r, test, ablation, p, (System.nanoTime() - t0) / 1e9);
                Map<String, Object> it = new LinkedHashMap<>();
                it.put("share_with_peak", imageTest.observed());
                it.put("share_by_chance", imageTest.nullMean());
                it.put("p_value", imageTest.pValue());
                it.put("mean_near_contacts", imageTest.relianceNearContacts());
                it.put("mean_overall", imageTest.relianceOverall());
                summary.put("image_saliency_contact_test", it);
                summary.put("contact_profile", profileJson(profile, draws));
                out.json(out.resolve("summary.json"), summary);
                out.commit();
            }
            return new Result(r, test, imageTest, profile, ablation, p.describe());
        }
    }

    /** The contact-triggered reliance profile: lags either side, and the steps that count as before/after a contact. */
    static final int PROFILE_LAGS = 10;
    static final int PROFILE_SIDE = 5;

    private static Map<String, Object> profileJson(MemoryAnalysis.ContactProfile c, int draws) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contacts", c.contacts());
        m.put("lags", Arrays.stream(c.lags()).boxed().toList());
        m.put("relative_reliance", Arrays.stream(c.relative()).boxed().toList());
        m.put("peak_lag", c.peakLag());
        m.put("before", c.before());
        m.put("at", c.at());
        m.put("after", c.after());
        m.put("p_before_above_chance", c.pBeforeAboveChance());
        m.put("p_before_above_after", c.pBeforeAboveAfter());
        m.put("method", "reliance at each lag from a contact (negative: before it), averaged over contacts and divided by the series' mean;"
                + " before/after = lags -" + PROFILE_SIDE + "..-1 / 1.." + PROFILE_SIDE + "; p-values from " + draws + " circular shifts of the contact times");
        return m;
    }

    /** The score when the memory is reset every k steps, over whole episodes. */
    private static List<Map<String, Object>> ablation(Policy p, Settings s, Listener listener) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (s.ablationEpisodes() == 0) {
            return rows;
        }
        List<Integer> periods = s.ablationPeriods();
        for (int i = 0; i < periods.size(); i++) {
            int k = periods.get(i), index = i;
            Evaluator.Result e = Evaluator.run(p, new Evaluator.Settings(s.game().spec(), s.game().rom(), s.ablationEpisodes(), s.seed(),
                    s.selection(), s.ablationMaxSteps(), s.ablationEpisodes(), k, Evaluate.hints(s.game(), s.seed(), p.actionCount())),
                    new Evaluator.Listener() {
                @Override
                public void onStep(long steps, int finished) {
                    listener.onProgress(String.format("ablation: memory reset every %s: %d/%d episodes, %d steps",
                            k == 0 ? "never" : k + " steps", finished, s.ablationEpisodes(), steps),
                            0.3 + 0.7 * (index + finished / (double) s.ablationEpisodes()) / periods.size());
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
            rows.add(row);
        }
        return rows;
    }

    private static MemoryChart.Series series(MemoryAnalysis.Result r) {
        List<MemoryAnalysis.Step> st = r.steps();
        int n = st.size();
        boolean[] contact = new boolean[n], reward = new boolean[n], life = new boolean[n];
        for (int i = 0; i < n; i++) {
            contact[i] = st.get(i).contact();
            reward[i] = st.get(i).reward() != 0;
            life[i] = st.get(i).lifeLost();
        }
        return new MemoryChart.Series(st.stream().mapToDouble(MemoryAnalysis.Step::step).toArray(), r.reliance(),
                st.stream().mapToDouble(MemoryAnalysis.Step::imageActor).toArray(), r.parts().get(r.mainPart()), contact, reward, life);
    }

    private static Map<String, Object> summary(Settings s, MemoryAnalysis.Result r, MemoryAnalysis.ContactTest t,
                                               List<Map<String, Object>> ablation, Policy p, double seconds) throws java.io.IOException {
        Map<String, Object> m = Provenance.document("memory", s.agent(), s.game(), s.provenance(p));
        m.put("seed", s.seed());
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
        ct.put("window", s.window());
        ct.put("share_with_peak", t.observed());
        ct.put("share_by_chance", t.nullMean());
        ct.put("p_value", t.pValue());
        ct.put("mean_reliance_near_contacts", t.relianceNearContacts());
        ct.put("method", "peaks = steps at or above the 90th percentile of the reliance series; statistic = share of contacts with a peak within "
                + "+-window steps; null = the contact times circularly shifted by a uniform random offset at least 2*window+1 steps from zero ("
                + s.values().integer(CONTACT_DRAWS) + " draws), p = (1 + #null >= observed) / " + (s.values().integer(CONTACT_DRAWS) + 1));
        m.put("contact_test", ct);
        Map<String, Object> units = new LinkedHashMap<>();
        for (int k = 0; k < r.parts().size(); k++) {
            float[] mean = r.unitActorMean().get(k);
            List<Object> top = new ArrayList<>();
            IntStream.range(0, mean.length).boxed().sorted((a, b) -> Float.compare(mean[b], mean[a])).limit(s.topK()).forEach(u -> {
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
        recovery.put("kl_threshold", s.kl());
        recovery.put("resets", rec);
        m.put("recovery", recovery);
        m.put("ablation", ablation);
        m.put("seconds", seconds);
        return m;
    }

    private static void writeCsv(RunFolder out, MemoryAnalysis.Result r, List<String> actionNames) throws java.io.IOException {
        BufferedWriter w = out.text(out.resolve("memory.csv"));
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

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
