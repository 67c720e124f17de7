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
import org.atarisaliency.saliency.JacobianMap;
import org.atarisaliency.saliency.JacobianSaliency;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.video.StepsCsv;

/**
 * The maps of a frame range: the agent plays from the episode start (the same rollout as
 * {@link Record} with the same seed), and each step in the range is explained with one method.
 * Writes, T steps: frames.npy (uint8 T x 210 x 160 x 3, optional), inputs.npy (float32 T x S x S),
 * actor.npy, critic.npy, chosen.npy (float32 T x S x S), for perturbation also actor_grid.npy and
 * critic_grid.npy (T x g x g), and steps.csv.
 */
public final class Maps {

    /** Also write the RGB frames (frames.npy). */
    public static final Setting<Boolean> FRAMES_NPY = Setting.flag("frames_npy", true, "Also write the RGB frames (frames.npy)");
    /** The settings of a maps run besides its method's ({@link Perturbation#DECLARATION}). */
    public static final Declaration DECLARATION = Declaration.of(SharedSettings.POLICY, FRAMES_NPY);

    /**
     * What to explain.
     *
     * @param perturbation  the perturbation method, or null for Jacobian (gradient) maps
     * @param framesNpy     also write the RGB frames
     */
    public record Settings(Path agent, Game game, long seed, int start, int count, Perturbation perturbation, SettingValues values, Path dir) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
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

        /** "perturbation" or "jacobian". */
        public String method() {
            return perturbation == null ? "jacobian" : "perturbation";
        }

        /** The method's settings as a job spec records them. */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method());
            if (perturbation != null) {
                m.putAll(perturbation.provenance());
            }
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
        boolean perturbation = s.perturbation() != null;
        Perturbation method = perturbation ? s.perturbation() : Perturbation.PAPER;
        try (AtariEnv env = s.game().open(s.seed());
             Policy policy = Agents.loadPolicy(s.agent(), env.actionCount());
             HintSource hints = s.game().hintSource(s.seed(), 0, env.actionCount());
             Rollout rollout = Rollout.on(policy, env, s.selection(), s.seed()).withHints(hints);
             PerturbationSaliency engine = perturbation ? new PerturbationSaliency(policy) : null;
             JacobianSaliency jacobian = perturbation ? null : new JacobianSaliency(policy);
             RunFolder out = RunFolder.in(s.dir())) {
            int size = policy.inputSize();
            NpyStreamWriter frames = s.framesNpy()
                    ? out.npyUint8(out.resolve("frames.npy"), AtariEnv.HEIGHT, AtariEnv.WIDTH, AtariEnv.CHANNELS) : null;
            NpyStreamWriter inputs = out.npy(out.resolve("inputs.npy"), inputShape(policy));
            NpyStreamWriter actor = out.npy(out.resolve("actor.npy"), size, size);
            NpyStreamWriter critic = out.npy(out.resolve("critic.npy"), size, size);
            NpyStreamWriter chosen = out.npy(out.resolve("chosen.npy"), size, size);
            NpyStreamWriter actorGrid = null, criticGrid = null;
            if (perturbation) {
                int g = (size + method.stride() - 1) / method.stride();
                actorGrid = out.npy(out.resolve("actor_grid.npy"), g, g);
                criticGrid = out.npy(out.resolve("critic_grid.npy"), g, g);
            }
            BufferedWriter csv = out.text(out.resolve("steps.csv"));
            List<String> names = env.actionNames();
            csv.write(StepsCsv.header(names));
            int end = s.start() + s.count();
            while (!rollout.over() && rollout.t() < end) {
                Rollout.Observation o = rollout.observe();
                if (o.t() >= s.start()) {
                    if (perturbation) {
                        SaliencyMap m = engine.compute(method.request(o.input(), o.state()));
                        actor.append(m.actorUpsampled());
                        critic.append(m.criticUpsampled());
                        chosen.append(m.chosenUpsampled());
                        actorGrid.append(m.actor());
                        criticGrid.append(m.critic());
                    } else {
                        JacobianMap m = jacobian.compute(method.request(o.input(), o.state()));
                        actor.append(m.allLogits());
                        critic.append(m.critic());
                        chosen.append(m.chosen());
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
