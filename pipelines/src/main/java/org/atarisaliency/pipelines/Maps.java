package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.agents.play.Step;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.env.NpyStreamWriter;
import org.atarisaliency.video.StepsCsv;

/**
 * The maps of a frame range: the agent plays from the episode start (the same rollout as
 * {@link Record} with the same seed), and each step in the range is explained with one {@link MapMethod}.
 * Writes, T steps: frames.npy (uint8 T x 210 x 160 x 3, optional), inputs.npy (float32 T x S x S),
 * actor.npy, critic.npy, chosen.npy (float32 T x S x S), the method's own maps of each step
 * ({@link MapMethod.FrameMaps#stepExtras}: perturbation's actor_grid.npy and critic_grid.npy, T x g x g), and steps.csv.
 */
public final class Maps {

    /** Also write the RGB frames (frames.npy). */
    public static final Setting<Boolean> FRAMES_NPY = Setting.flag("frames_npy", true, "Also write the RGB frames (frames.npy)");
    /** The settings of a maps run besides its method's ({@link MapMethod#declaration()}). */
    public static final Declaration DECLARATION = Declaration.of(SharedSettings.POLICY, FRAMES_NPY, SharedSettings.VARIANT.inSpecsOnlyWhenGiven());

    /**
     * What to explain.
     *
     * @param method        the map method
     * @param methodValues  its settings ({@link MapMethod#declaration()})
     * @param values        the {@link #DECLARATION}'s settings
     */
    public record Settings(Path agent, Game game, long seed, int start, int count, MapMethod method, SettingValues methodValues,
                           SettingValues values, Path dir) {
        public Settings {
            if (methodValues.declaration() != method.declaration()) {
                methodValues = method.declaration().values(methodValues.asMap());
            }
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            game = game.withVariants(values.get(SharedSettings.VARIANT));
            InvalidSettingException.checkAtLeast("start", start, 0);
            InvalidSettingException.checkAtLeast("count", count, 1);
        }

        public ActionSelection selection() {
            return SharedSettings.selection(values.get(SharedSettings.POLICY));
        }

        /** Whether the RGB frames are written too. */
        public boolean framesNpy() {
            return values.get(FRAMES_NPY);
        }

        /** The method's settings as a job spec records them. */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method.name());
            m.putAll(method.provenance(methodValues));
            m.put("start", start);
            m.put("count", count);
            m.putAll(values.asMap());
            return m;
        }
    }

    private Maps() {
    }

    /** Plays and explains; {@code progress} gets the fraction of the range done. */
    public static void run(Settings s, DoubleConsumer progress) throws Exception {
        try (AtariEnv env = s.game().open(s.seed());
             Policy policy = Agents.loadPolicy(s.agent(), env.actionCount());
             HintSource hints = s.game().hintSource(s.seed(), 0, env.actionCount());
             Rollout rollout = Rollout.on(policy, env, s.selection(), s.seed()).withHints(hints);
             MapMethod.Maker maker = s.method().open(policy, s.methodValues());
             RunFolder out = RunFolder.in(s.dir())) {
            int size = policy.inputSize();
            NpyStreamWriter frames = s.framesNpy()
                    ? out.npyUint8(out.resolve("frames.npy"), AtariEnv.HEIGHT, AtariEnv.WIDTH, AtariEnv.CHANNELS) : null;
            NpyStreamWriter inputs = out.npy(out.resolve("inputs.npy"), inputShape(policy));
            NpyStreamWriter actor = out.npy(out.resolve("actor.npy"), size, size);
            NpyStreamWriter critic = out.npy(out.resolve("critic.npy"), size, size);
            NpyStreamWriter chosen = out.npy(out.resolve("chosen.npy"), size, size);
            Map<String, NpyStreamWriter> extras = new LinkedHashMap<>();
            BufferedWriter csv = out.text(out.resolve("steps.csv"));
            List<String> names = env.actionNames();
            csv.write(StepsCsv.header(names));
            int end = s.start() + s.count();
            while (!rollout.over() && rollout.t() < end) {
                Rollout.Observation o = rollout.observe();
                if (o.t() >= s.start()) {
                    MapMethod.FrameMaps m = maker.explain(o.input(), o.state());
                    actor.append(m.actorFull());
                    critic.append(m.criticFull());
                    chosen.append(m.chosenFull());
                    for (Map.Entry<String, float[]> e : m.stepExtras().entrySet()) {
                        if (!extras.containsKey(e.getKey())) {
                            extras.put(e.getKey(), out.npy(out.resolve(e.getKey() + ".npy"), m.grid(), m.grid()));
                        }
                        extras.get(e.getKey()).append(e.getValue());
                    }
                    if (frames != null) {
                        frames.append(o.frame());
                    }
                    inputs.append(o.input());
                }
                Step st = rollout.step();
                if (st.t() >= s.start()) {
                    csv.write(StepsCsv.row(st.t(), st.action(), names.get(st.action()), st.output().probabilities(0), st.value(), st.reward(),
                            st.score(), st.lives()));
                    progress.accept((st.t() - s.start() + 1) / (double) s.count());
                }
                if (st.gameOver() && st.t() < s.start()) {
                    throw new InvalidSettingException("start", "is after the end of the episode (it ended at step " + (st.t() + 1)
                            + "); choose an earlier start or another seed");
                }
            }
            out.commit();
        }
    }

    /** S x S for one channel, C x S x S for several. */
    static int[] inputShape(Policy p) {
        int s = p.inputSize(), c = p.inputChannels();
        return c == 1 ? new int[] {s, s} : new int[] {c, s, s};
    }
}
