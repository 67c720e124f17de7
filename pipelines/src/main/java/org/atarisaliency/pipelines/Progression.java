package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.agents.play.Step;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.EnvState;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.env.NpyStreamWriter;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.video.FrameInfo;
import org.atarisaliency.video.IntensityScale;
import org.atarisaliency.video.Mp4Writer;
import org.atarisaliency.video.OverlayScale;
import org.atarisaliency.video.SideBySideComposer;
import org.atarisaliency.video.StepsCsv;

/**
 * Learning progression (Greydanus et al. 2018, section 5): several checkpoints of an agent explain
 * exactly the same frames. A reference agent plays one trajectory; the emulator state at the
 * episode start is kept with the reference's actions, and for every checkpoint the state is
 * restored and the actions replayed, each frame checked against the reference's (CRC-32), so
 * each checkpoint's memory runs over the same frames and its saliency is taken on them. Writes
 * into {@code dir} (the caller makes it atomic): trajectory.csv, frames.npy (uint8 T x 210 x 160 x
 * 3), LABEL.actor.npy and LABEL.critic.npy (T x S x S), LABEL.steps.csv (the checkpoint's own
 * greedy action, probabilities and value on each frame), and progression.mp4 (one labelled panel
 * per checkpoint).
 */
public final class Progression {

    /** A checkpoint and its label. */
    public record Checkpoint(String label, Policy policy) {
    }

    /** Every setting of a progression, in the progression job's spec order (so its hashes stay). */
    public static final Declaration DECLARATION = Declaration.of(SharedSettings.STRIDE, SharedSettings.RADIUS, SharedSettings.FPS,
            SharedSettings.SCALE, SharedSettings.POLICY, SharedSettings.VARIANT.inSpecsOnlyWhenGiven());

    /** What to replay and draw: the game, the seed, the frame window, the {@link #DECLARATION}'s settings and the output folder. */
    public record Settings(Game game, long seed, int start, int frames, SettingValues values, Path dir) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            game = game.withVariants(values.get(SharedSettings.VARIANT));
            InvalidSettingException.checkAtLeast("start", start, 0);
            InvalidSettingException.checkAtLeast("frames", frames, 1);
        }

        /** The perturbation: the declared stride and radius, the paper's blur, occlusion, the newest frame. */
        public Perturbation method() {
            return Perturbation.of(values);
        }

        public ActionSelection selection() {
            return SharedSettings.selection(values.get(SharedSettings.POLICY));
        }

        public int fps() {
            return values.integer(SharedSettings.FPS);
        }

        public int scale() {
            return values.integer(SharedSettings.SCALE);
        }

        /** The frame window, the perturbation, policy, fps and scale (the settings of a progression job). */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", start);
            m.put("frames", frames);
            m.putAll(method().provenance());
            m.putAll(values.asMap());
            return m;
        }
    }

    /** Per checkpoint: overlay scales and how often its greedy action matches the reference's. */
    public record CheckpointResult(String label, double actorScale, double criticScale, double agreement) {
    }

    /** What happened. */
    public record Result(int frames, boolean endedEarly, double score, List<CheckpointResult> checkpoints, double seconds) {

        /** The per-checkpoint results as a job records them. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frames", frames);
            m.put("ended_early", endedEarly);
            m.put("reference_score", score);
            List<Object> cps = new ArrayList<>();
            for (CheckpointResult c : checkpoints) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("label", c.label());
                e.put("agreement_with_reference", c.agreement());
                e.put("actor_scale", c.actorScale());
                e.put("critic_scale", c.criticScale());
                cps.add(e);
            }
            m.put("checkpoints", cps);
            return m;
        }
    }

    /** Progress: phase text and fraction done. */
    public interface Listener {
        void onProgress(String phase, double fraction);
    }

    /** The reference's trajectory. */
    private record Trajectory(byte[] first, List<Integer> actions, List<Long> crcs, boolean endedEarly, double score) {
    }

    private Progression() {
    }

    /** Replays the reference's trajectory through every checkpoint; {@code reference} indexes {@code checkpoints}. */
    public static Result run(List<Checkpoint> checkpoints, int reference, Settings s, Listener listener) throws Exception {
        if (s.game().hinted()) {
            throw new InvalidSettingException("hints", "are not supported in learning progression (the checkpoints replay one unhinted trajectory)");
        }
        long t0 = System.nanoTime();
        RunFolder.ensureFolder(s.dir());
        try (AtariEnv env = s.game().open(s.seed()); EnvState initial = env.cloneState()) {
            List<String> names = env.actionNames();
            Trajectory ref = playReference(checkpoints.get(reference).policy(), env, names, s, listener);
            int steps = ref.actions().size();
            int clip = steps - s.start();
            List<float[][]> actorMaps = new ArrayList<>(), criticMaps = new ArrayList<>(), actorTv = new ArrayList<>(), criticDv = new ArrayList<>();
            List<PolicyOutput[]> outputs = new ArrayList<>();
            for (int c = 0; c < checkpoints.size(); c++) {
                Checkpoint cp = checkpoints.get(c);
                float[][] am = new float[clip][], cm = new float[clip][], tv = new float[clip][], dv = new float[clip][];
                PolicyOutput[] outs = new PolicyOutput[clip];
                env.restoreState(initial);
                replay(cp, c, checkpoints.size(), env, names, ref, s, new float[][][] {am, cm, tv, dv}, outs, listener);
                actorMaps.add(am);
                criticMaps.add(cm);
                actorTv.add(tv);
                criticDv.add(dv);
                outputs.add(outs);
            }
            List<CheckpointResult> results = new ArrayList<>();
            double[] aScale = new double[checkpoints.size()], cScale = new double[checkpoints.size()];
            for (int c = 0; c < checkpoints.size(); c++) {
                // each checkpoint on its own overlay scale (median of per-frame 99.5th percentiles)
                OverlayScale as = new OverlayScale(Double.NaN), cs = new OverlayScale(Double.NaN);
                int agree = 0;
                for (int k = 0; k < clip; k++) {
                    as.observe(actorMaps.get(c)[k]);
                    cs.observe(criticMaps.get(c)[k]);
                    agree += outputs.get(c)[k].greedyAction(0) == ref.actions().get(s.start() + k) ? 1 : 0;
                }
                aScale[c] = as.value();
                cScale[c] = cs.value();
                results.add(new CheckpointResult(checkpoints.get(c).label(), aScale[c], cScale[c], clip == 0 ? Double.NaN : agree / (double) clip));
            }
            writeVideo(checkpoints, reference, names, ref, s, actorTv, criticDv, outputs, listener);
            return new Result(clip, ref.endedEarly(), ref.score(), results, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The reference plays; its actions and a checksum of every frame are kept. */
    private static Trajectory playReference(Policy ref, AtariEnv env, List<String> names, Settings s, Listener listener) throws Exception {
        List<Integer> actions = new ArrayList<>();
        List<Long> crcs = new ArrayList<>();
        boolean endedEarly = false;
        double score = 0;
        byte[] first = null;
        int end = s.start() + s.frames();
        try (RunFolder out = RunFolder.in(s.dir()); Rollout rollout = Rollout.on(ref, env, s.selection(), s.seed())) {
            BufferedWriter csv = out.text(out.resolve("trajectory.csv"));
            NpyStreamWriter framesOut = out.npyUint8(out.resolve("frames.npy"), AtariEnv.HEIGHT, AtariEnv.WIDTH, AtariEnv.CHANNELS);
            csv.write("step,action,action_name,reward,score,lives\n");
            while (!rollout.over() && rollout.t() < end) {
                Step st = rollout.step();
                if (st.t() == 0) {
                    first = st.frame();
                }
                crcs.add(crc(st.frame()));
                actions.add(st.action());
                score = st.score();
                if (st.t() >= s.start()) {
                    framesOut.append(st.frame());
                    csv.write(st.t() + "," + st.action() + "," + names.get(st.action()) + "," + st.reward() + "," + st.score() + "," + st.lives() + "\n");
                }
                if (st.gameOver()) {
                    if (st.t() < s.start()) {
                        throw new InvalidSettingException("start", "is after the end of the reference's episode (it ended at step " + (st.t() + 1)
                                + "); choose an earlier start or another seed");
                    }
                    endedEarly = st.t() + 1 < end;
                }
                listener.onProgress("reference rollout", 0.05 * (st.t() + 1) / end);
            }
            out.commit();
        }
        return new Trajectory(first, actions, crcs, endedEarly, score);
    }

    /** One checkpoint replays the reference's actions from the restored start and explains the clip's frames. */
    /** Replays the reference's actions with checkpoint {@code cp}; {@code maps}: its paper actor, critic, TV and |dV| maps per clip step. */
    private static void replay(Checkpoint cp, int c, int count, AtariEnv env, List<String> names, Trajectory ref, Settings s, float[][][] maps,
                               PolicyOutput[] outs, Listener listener) throws Exception {
        float[][] am = maps[0], cm = maps[1];
        Policy p = cp.policy();
        int steps = ref.actions().size();
        try (RunFolder out = RunFolder.in(s.dir());
             Rollout rollout = Rollout.on(p, env, ActionSelection.GREEDY, s.seed()).startingFrom(ref.first());
             PerturbationSaliency saliency = new PerturbationSaliency(p)) {
            BufferedWriter csv = out.text(out.resolve(cp.label() + ".steps.csv"));
            NpyStreamWriter aOut = out.npy(out.resolve(cp.label() + ".actor.npy"), p.inputSize(), p.inputSize());
            NpyStreamWriter cOut = out.npy(out.resolve(cp.label() + ".critic.npy"), p.inputSize(), p.inputSize());
            String header = StepsCsv.header(names);
            csv.write(header.substring(0, header.length() - 1) + ",reference_action\n");
            for (int t = 0; t < steps; t++) {
                Rollout.Observation o = rollout.observe();
                if (crc(o.frame()) != ref.crcs().get(t)) {
                    throw new IllegalStateException("replaying the reference's actions from the restored state gave a different frame at step "
                            + t + " for checkpoint " + cp.label() + "; the emulator is not deterministic for this game and settings");
                }
                PolicyOutput output = p.forward(o.input(), o.state());
                if (t >= s.start()) {
                    SaliencyMap m = saliency.compute(s.method().request(o.input(), o.state()));
                    int k = t - s.start();
                    am[k] = m.actorUpsampled();
                    cm[k] = m.criticUpsampled();
                    maps[2][k] = m.actorTvUpsampled();
                    maps[3][k] = m.criticDvUpsampled();
                    outs[k] = output;
                    aOut.append(am[k]);
                    cOut.append(cm[k]);
                }
                Step st = rollout.step(output, ref.actions().get(t));
                if (t >= s.start()) {
                    int own = output.greedyAction(0);
                    String row = StepsCsv.row(t, own, names.get(own), output.probabilities(0), st.value(), st.reward(), st.score(), st.lives());
                    csv.write(row.substring(0, row.length() - 1) + "," + ref.actions().get(t) + "\n");
                }
                listener.onProgress("checkpoint " + cp.label(), 0.05 + 0.8 * (c + (t + 1) / (double) steps) / count);
            }
            out.commit();
        }
    }

    /**
     * The side-by-side video, frames read back from frames.npy one at a time: every checkpoint on the one absolute
     * scale of {@code record} (TV distance of the policy, |dV| in return), so their brightness compares.
     */
    private static void writeVideo(List<Checkpoint> checkpoints, int reference, List<String> names, Trajectory ref, Settings s,
                                   List<float[][]> actorTv, List<float[][]> criticDv, List<PolicyOutput[]> outputs, Listener listener) throws Exception {
        int clip = ref.actions().size() - s.start();
        SideBySideComposer composer = new SideBySideComposer(checkpoints.size(), s.scale());
        try (RunFolder out = RunFolder.in(s.dir()); var frames = new FrameReader(s.dir().resolve("frames.npy"))) {
            Mp4Writer video = out.mp4(out.resolve("progression.mp4"), composer.width(), composer.height(), s.fps());
            for (int k = 0; k < clip; k++) {
                byte[] frame = frames.next();
                int t = s.start() + k;
                List<SideBySideComposer.Panel> panels = new ArrayList<>();
                for (int c = 0; c < checkpoints.size(); c++) {
                    Policy p = checkpoints.get(c).policy();
                    PolicyOutput o = outputs.get(c)[k];
                    int own = o.greedyAction(0);
                    FrameInfo f = new FrameInfo(frame, actorTv.get(c)[k], criticDv.get(c)[k], p.inputSize(), p.preprocessor().region(),
                            IntensityScale.ACTOR_TV, IntensityScale.CRITIC_DV, t, 0, 0, 0, names, o.probabilities(0), own, o.values()[0],
                            new double[0], new double[0], new double[0], "", List.of());
                    panels.add(new SideBySideComposer.Panel(checkpoints.get(c).label() + (c == reference ? " (reference)" : ""), f,
                            own == ref.actions().get(t)));
                }
                video.write(composer.compose(panels, String.format("%s  step %d  reference action %s  |  blue: actor, red: critic, one absolute"
                        + " scale for all (full at %s TV, %s return); green text: same action as the reference", s.game().spec().id(), t,
                        names.get(ref.actions().get(t)), IntensityScale.format(IntensityScale.ACTOR_TV.full()),
                        IntensityScale.format(IntensityScale.CRITIC_DV.full()))));
                listener.onProgress("video", 0.85 + 0.15 * (k + 1) / clip);
            }
            out.commit();
        }
    }

    private static long crc(byte[] rgb) {
        CRC32 c = new CRC32();
        c.update(rgb);
        return c.getValue();
    }

    /** Reads the frames back from frames.npy one at a time. */
    private static final class FrameReader implements AutoCloseable {
        private final java.io.InputStream in;

        FrameReader(Path npy) throws java.io.IOException {
            in = new java.io.BufferedInputStream(Files.newInputStream(npy));
            byte[] pre = in.readNBytes(10);
            int headerLen = (pre[8] & 0xff) | ((pre[9] & 0xff) << 8);
            in.skipNBytes(headerLen);
        }

        byte[] next() throws java.io.IOException {
            return in.readNBytes(AtariEnv.FRAME_BYTES);
        }

        @Override
        public void close() throws java.io.IOException {
            in.close();
        }
    }
}
