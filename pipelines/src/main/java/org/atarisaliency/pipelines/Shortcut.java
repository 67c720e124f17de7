package org.atarisaliency.pipelines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.GameVariant;
import org.atarisaliency.env.GameVariants;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.counterfactual.Interval95;
import org.atarisaliency.video.CounterfactualChart;
import org.atarisaliency.video.ShortcutChart;

/**
 * The shortcut test (Delfosse et al., SCoBots, NeurIPS 2024: Pong agents that watch the enemy paddle
 * instead of the ball collapse when the enemy is lazy) for one agent, with the question no tool asked:
 * does saliency show the reliance before the variant exposes it? Scores the agent on the game as
 * published and under the variant ({@link Evaluate}, the same seed's episodes); on the published game
 * runs {@link Intervene} and reads, per saliency map, the density of each object
 * ({@link ShortcutObjects}) and, per object, the policy change when it is moved. The reliance on the
 * variant's object is that object's share of the objects' summed density (a map that favours no
 * object gives it 1/k of k); the counterfactual reliance is its share of the objects' mean policy
 * change. Writes DIR/summary.json (last), scores.csv, objects.csv, shortcut.png/.svg and intervene/.
 */
public final class Shortcut {
    /** The object whose reliance is measured; auto: the first the variant changes ({@link GameVariant#changes}). */
    public static final Setting<String> OBJECT = Setting.text("object", "auto", "an object of the game's model, or auto", text -> { },
            "The object whose reliance is measured: auto for the one the variant changes (Pong's lazy_enemy: enemy)");

    /** Every setting of a shortcut test, in the order help and provenance list them. */
    public static final Declaration DECLARATION = Declaration.of(SharedSettings.VARIANT.withDefault("lazy_enemy"), OBJECT, Evaluate.EPISODES,
            Evaluate.MAX_STEPS, SharedSettings.POLICY.withDefault("sample"), Evaluate.PARALLEL, Intervene.FRAMES.withDefault(100L),
            Intervene.SKIP, Intervene.INTERVAL.withDefault(4L), Intervene.SHIFT, Intervene.TV_THRESHOLD, SharedSettings.STRIDE,
            SharedSettings.RADIUS);

    /** What to test: the agent, its game as published, the seed, the {@link #DECLARATION}'s settings and the folder written. */
    public record Settings(Path agent, Game game, long seed, SettingValues values, Path dir) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            if (!game.spec().variants().isEmpty()) {
                throw new InvalidSettingException("variant", "belongs in the test's settings: the test plays the game both as published and with it");
            }
            if (values.get(SharedSettings.VARIANT).equals(GameVariants.NONE)) {
                throw new InvalidSettingException("variant", "is none; the shortcut test compares the game with a variant of it (the games command"
                        + " lists each game's)");
            }
            game.withVariants(values.get(SharedSettings.VARIANT));
            if (!GameObjects.supported(game.spec().rom())) {
                throw new InvalidSettingException("game", "'" + game.spec().id() + "' has no object model; supported: Pong, Breakout, SpaceInvaders");
            }
            focus(game, values);
        }

        /** The variant's name(s), as given. */
        public String variant() {
            return values.get(SharedSettings.VARIANT);
        }

        /** The object whose reliance is measured. */
        public String object() {
            return focus(game, values);
        }

        /** The objects compared ({@link ShortcutObjects#compared}). */
        public List<String> objects() {
            return ShortcutObjects.compared(game.spec().rom());
        }

        /** The evaluation of the agent on the game as published ({@code none}) or with {@code variant}. */
        public Evaluate.Settings scores(String variant) {
            return new Evaluate.Settings(agent, game, seed, values.partFor(Evaluate.DECLARATION, Map.of(SharedSettings.VARIANT.key(), variant)));
        }

        /** The interventions on the game as published, into DIR/intervene. */
        public Intervene.Settings interventions() {
            return new Intervene.Settings(agent, game, seed, values.partFor(Intervene.DECLARATION, Map.of(SharedSettings.VARIANT.key(),
                    GameVariants.NONE)), dir.resolve("intervene"));
        }

        /** The settings part of summary.json: every declared setting as given and the perturbation's fixed parts (the object measured is at the top). */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>(values.asMap());
            m.put("seed", seed);
            m.putAll(Perturbation.of(values).provenance());
            return m;
        }

        private static String focus(Game game, SettingValues values) {
            List<String> compared = ShortcutObjects.compared(game.spec().rom());
            String given = values.get(OBJECT);
            if (!given.equals("auto")) {
                if (!compared.contains(given)) {
                    throw new InvalidSettingException("object", "'" + given + "' is not an object of " + game.spec().id() + "; its objects are "
                            + String.join(", ", compared));
                }
                return given;
            }
            for (GameVariant v : game.withVariants(values.get(SharedSettings.VARIANT)).spec().variants()) {
                for (String o : v.changes()) {
                    if (compared.contains(o)) {
                        return o;
                    }
                }
            }
            throw new InvalidSettingException("object", "auto finds none: " + values.get(SharedSettings.VARIANT) + " changes no object of the game's"
                    + " model; name the one to measure (" + String.join(", ", compared) + ")");
        }
    }

    /**
     * One number with its 95% interval and the values behind it.
     *
     * @param n  episodes, steps or trials it is computed from
     */
    public record Estimate(double value, double low, double high, int n) {
        /** The mean of {@code x} with its t interval. */
        public static Estimate mean(double[] x) {
            Interval95 i = Interval95.mean(x);
            return new Estimate(Interval95.average(x), i.low(), i.high(), x.length);
        }

        /** As JSON: value, low, high, n. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", value);
            m.put("low", low);
            m.put("high", high);
            m.put("n", n);
            return m;
        }

        /** As the chart draws it. */
        public CounterfactualChart.Estimate drawn() {
            return new CounterfactualChart.Estimate(value, low, high, n);
        }
    }

    /**
     * What the test measured for one agent.
     *
     * @param label         the agent's name in charts and tables
     * @param original      the scores on the game as published
     * @param varied        the scores under the variant
     * @param drop          mean original - mean variant, with Welch's interval
     * @param relativeDrop  the drop over the agent's margin above the game's lowest return (1: all of it lost), which an agent
     *                      near the floor cannot show as a large drop
     * @param reliance      per map, the object's share of the objects' density, over the analysed steps
     * @param moved         per object, the policy's total-variation change when it was moved, over the moves that took
     * @param movedReliance the object's share of the objects' mean change
     */
    public record Result(String label, String variant, String object, double[] original, double[] varied, Estimate drop, double relativeDrop,
                         Map<String, Estimate> reliance,
                         Map<String, Estimate> moved, double movedReliance, int steps, double seconds) {
    }

    /** Progress: a line of text and the fraction done. */
    public interface Listener {
        void onProgress(String text, double fraction);
    }

    private Shortcut() {
    }

    /** Scores the agent both ways, intervenes on the published game, and writes the folder (summary.json last). */
    public static Result run(Settings s, String label, Listener listener) throws Exception {
        long t0 = System.nanoTime();
        RunFolder.ensureFolder(s.dir());
        double[] original = scores(s, GameVariants.NONE, listener, 0.0);
        double[] varied = scores(s, s.variant(), listener, 0.3);
        ShortcutObjects objects = new ShortcutObjects(s.game().spec().rom(), s.objects(), s.object());
        Intervene.Result iv = Intervene.run(s.interventions(), (text, f) -> listener.onProgress("interventions: " + text, 0.6 + 0.4 * f), objects);
        Interval95 d = Interval95.difference(original, varied);
        double drop = Interval95.average(original) - Interval95.average(varied);
        double margin = Interval95.average(original) - GameObjects.lowestReturn(s.game().spec().rom());
        Result r = new Result(label, s.variant(), s.object(), original, varied, new Estimate(drop, d.low(), d.high(), original.length + varied.length),
                margin > 0 ? drop / margin : Double.NaN, objects.reliance(), objects.moved(), objects.movedReliance(), iv.steps(),
                (System.nanoTime() - t0) / 1e9);
        try (RunFolder out = RunFolder.in(s.dir())) {
            ShortcutReport.writeScores(out, r, s.variant());
            objects.writeCsv(out);
            ShortcutChart.write(out.resolve("shortcut.png"), ShortcutReport.chartNumbers(r, s.variant(), s.objects().size()),
                    label + " on " + s.game().spec().id() + ", seed " + s.seed());
            out.json(out.resolve("summary.json"), ShortcutReport.summary(s, r, objects));
            out.commit();
        }
        return r;
    }

    private static double[] scores(Settings s, String variant, Listener listener, double from) throws Exception {
        String what = variant.equals(GameVariants.NONE) ? "published game" : variant;
        int total = s.scores(variant).episodes();
        Evaluator.Result r = Evaluate.run(s.scores(variant), new Evaluate.Listener() {
            private int done;

            @Override
            public void onStep(long steps, int finished) {
                listener.onProgress(String.format(Locale.ROOT, "%s: %d/%d episodes, %d steps", what, finished, total, steps),
                        from + 0.3 * finished / total);
            }

            @Override
            public void onEpisode(Evaluator.Episode e) {
                done++;
                listener.onProgress(String.format(Locale.ROOT, "%s: episode %d/%d scored %.0f", what, done, total, e.score()),
                        from + 0.3 * done / total);
            }
        });
        return r.episodes().stream().mapToDouble(Evaluator.Episode::score).toArray();
    }

    /** The label of each agent file: its name, or parent/name where two share a name. */
    public static List<String> labels(List<Path> agents) {
        List<String> out = new ArrayList<>();
        for (Path a : agents) {
            String name = a.getFileName().toString();
            boolean shared = agents.stream().filter(b -> b.getFileName().toString().equals(name)).count() > 1;
            out.add(shared && a.toAbsolutePath().getParent() != null ? a.toAbsolutePath().getParent().getFileName() + "/" + name : name);
        }
        return out;
    }
}
