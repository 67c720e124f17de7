package org.atarisaliency.video;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.EnvState;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.NpyStreamWriter;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Learning progression (Greydanus et al. 2018, section 5): several checkpoints of an agent explain
 * exactly the same frames. A reference agent plays one trajectory; the emulator state at the
 * episode start is kept with the reference's actions, and for every checkpoint the state is
 * restored and the actions replayed, each frame checked against the reference's (CRC-32), so
 * each checkpoint's memory runs over the same frames and its saliency is taken on them. Writes
 * into {@code dir} (the caller makes it atomic): trajectory.csv, frames.npy (uint8 T x 210 x 160 x
 * 3), LABEL.actor.npy and LABEL.critic.npy (T x 80 x 80), LABEL.steps.csv (the checkpoint's own
 * greedy action, probabilities and value on each frame), and progression.mp4 (one labelled panel
 * per checkpoint).
 */
public final class LearningProgression {

    /** A checkpoint and its label. */
    public record Checkpoint(String label, Policy policy) {
    }

    /** What to replay and draw. */
    public record Settings(GameSpec game, Path rom, long seed, int start, int frames, int stride, double radius, ActionSelection selection,
                           int fps, int scale, Path dir) {
    }

    /** Per checkpoint: overlay scales and how often its greedy action matches the reference's. */
    public record CheckpointResult(String label, double actorScale, double criticScale, double agreement) {
    }

    /** What happened. */
    public record Result(int frames, boolean endedEarly, double score, List<CheckpointResult> checkpoints, double seconds) {
    }

    /** Progress: phase text and fraction done. */
    public interface Listener {
        void onProgress(String phase, double fraction);
    }

    private LearningProgression() {
    }

    /** Replays the reference's trajectory through every checkpoint; {@code reference} indexes {@code checkpoints}. */
    public static Result run(List<Checkpoint> checkpoints, int reference, Settings s, Listener listener) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(s.dir());
        try (AtariEnv env = AtariEnv.open(s.game(), s.rom(), Seeds.childInt(s.seed(), "env", 0), 0);
             EnvState initial = env.cloneState()) {
            List<String> names = env.actionNames();
            // 1. the reference plays; keep its actions and a checksum of every frame
            Policy ref = checkpoints.get(reference).policy();
            SplittableRandom rng = new SplittableRandom(Seeds.child(s.seed(), "actions", 0));
            List<Integer> actions = new ArrayList<>();
            List<Long> crcs = new ArrayList<>();
            boolean endedEarly = false;
            double score = 0;
            byte[] rgb = new byte[AtariEnv.FRAME_BYTES];
            byte[] first = null;
            float[] x = new float[ref.preprocessor().length()];
            RecurrentState h = ref.initialState(1);
            int end = s.start() + s.frames();
            try (BufferedWriter csv = Files.newBufferedWriter(s.dir().resolve("trajectory.csv"), StandardCharsets.UTF_8);
                 NpyStreamWriter framesOut = NpyStreamWriter.uint8(s.dir().resolve("frames.npy"), AtariEnv.HEIGHT, AtariEnv.WIDTH, AtariEnv.CHANNELS)) {
                csv.write("step,action,action_name,reward,score,lives\n");
                for (int t = 0; t < end; t++) {
                    env.frame(rgb);
                    if (t == 0) {
                        first = rgb.clone();
                    }
                    crcs.add(crc(rgb));
                    ref.preprocessor().apply(rgb, x, 0);
                    PolicyOutput out = ref.forward(x, h);
                    int a = s.selection().choose(out, 0, rng);
                    actions.add(a);
                    AtariEnv.Step st = env.step(a);
                    score += st.reward();
                    h = out.next();
                    if (t >= s.start()) {
                        framesOut.append(rgb);
                        csv.write(t + "," + a + "," + names.get(a) + "," + st.reward() + "," + score + "," + env.lives() + "\n");
                    }
                    if (st.gameOver()) {
                        if (t < s.start()) {
                            throw new IllegalArgumentException("the reference's episode ended at step " + (t + 1) + ", before the clip starts at "
                                    + s.start() + "; choose an earlier start or another seed");
                        }
                        endedEarly = t + 1 < end;
                        break;
                    }
                    listener.onProgress("reference rollout", 0.05 * (t + 1) / end);
                }
            }
            int steps = actions.size();
            int clip = steps - s.start();
            // 2. every checkpoint sees the same frames: restore the initial state, replay the actions
            List<float[][]> actorMaps = new ArrayList<>(), criticMaps = new ArrayList<>();
            List<PolicyOutput[]> outputs = new ArrayList<>();
            for (int c = 0; c < checkpoints.size(); c++) {
                Checkpoint cp = checkpoints.get(c);
                Policy p = cp.policy();
                float[][] am = new float[clip][], cm = new float[clip][];
                PolicyOutput[] outs = new PolicyOutput[clip];
                env.restoreState(initial);
                RecurrentState hc = p.initialState(1);
                float[] xc = new float[p.preprocessor().length()];
                try (PerturbationSaliency saliency = new PerturbationSaliency(p);
                     BufferedWriter csv = Files.newBufferedWriter(s.dir().resolve(cp.label() + ".steps.csv"), StandardCharsets.UTF_8);
                     NpyStreamWriter aOut = new NpyStreamWriter(s.dir().resolve(cp.label() + ".actor.npy"), 80, 80);
                     NpyStreamWriter cOut = new NpyStreamWriter(s.dir().resolve(cp.label() + ".critic.npy"), 80, 80)) {
                    String header = StepsCsv.header(names);
                    csv.write(header.substring(0, header.length() - 1) + ",reference_action\n");
                    double sc = 0;
                    for (int t = 0; t < steps; t++) {
                        // ALE's state holds the emulator, not the last drawn screen: the first frame after a restore is the
                        // reference's; every later one is drawn by the replayed steps and checked
                        if (t == 0) {
                            System.arraycopy(first, 0, rgb, 0, rgb.length);
                        } else {
                            env.frame(rgb);
                        }
                        if (crc(rgb) != crcs.get(t)) {
                            throw new IllegalStateException("replaying the reference's actions from the restored state gave a different frame at step "
                                    + t + " for checkpoint " + cp.label() + "; the emulator is not deterministic for this game and settings");
                        }
                        p.preprocessor().apply(rgb, xc, 0);
                        PolicyOutput out = p.forward(xc, hc);
                        if (t >= s.start()) {
                            SaliencyMap m = saliency.compute(new SaliencyRequest(xc, hc, s.stride(), s.radius(), SaliencyRequest.DEFAULT_BLUR,
                                    PerturbationMode.OCCLUDE, 257));
                            int k = t - s.start();
                            am[k] = m.actorUpsampled();
                            cm[k] = m.criticUpsampled();
                            outs[k] = out;
                            aOut.append(am[k]);
                            cOut.append(cm[k]);
                        }
                        AtariEnv.Step st = env.step(actions.get(t));
                        sc += st.reward();
                        if (t >= s.start()) {
                            int own = out.greedyAction(0);
                            String row = StepsCsv.row(t, own, names.get(own), out.probabilities(0), out.values()[0], st.reward(), sc, env.lives());
                            csv.write(row.substring(0, row.length() - 1) + "," + actions.get(t) + "\n");
                        }
                        hc = out.next();
                        listener.onProgress("checkpoint " + cp.label(), 0.05 + 0.8 * (c + (t + 1) / (double) steps) / checkpoints.size());
                    }
                }
                actorMaps.add(am);
                criticMaps.add(cm);
                outputs.add(outs);
            }
            // 3. the side-by-side video, each checkpoint on its own overlay scale (median of per-frame 99.5th percentiles)
            List<CheckpointResult> results = new ArrayList<>();
            double[] aScale = new double[checkpoints.size()], cScale = new double[checkpoints.size()];
            for (int c = 0; c < checkpoints.size(); c++) {
                OverlayScale as = new OverlayScale(Double.NaN), cs = new OverlayScale(Double.NaN);
                int agree = 0;
                for (int k = 0; k < clip; k++) {
                    as.observe(actorMaps.get(c)[k]);
                    cs.observe(criticMaps.get(c)[k]);
                    agree += outputs.get(c)[k].greedyAction(0) == actions.get(s.start() + k) ? 1 : 0;
                }
                aScale[c] = as.value();
                cScale[c] = cs.value();
                results.add(new CheckpointResult(checkpoints.get(c).label(), aScale[c], cScale[c], clip == 0 ? Double.NaN : agree / (double) clip));
            }
            SideBySideComposer composer = new SideBySideComposer(checkpoints.size(), s.scale());
            Mp4Writer video = new Mp4Writer(s.dir().resolve("progression.mp4"), composer.width(), composer.height(), s.fps());
            boolean ok = false;
            try (var frames = new FrameReader(s.dir().resolve("frames.npy"))) {
                double sc = 0;
                for (int k = 0; k < clip; k++) {
                    byte[] frame = frames.next();
                    int t = s.start() + k;
                    List<SideBySideComposer.Panel> panels = new ArrayList<>();
                    for (int c = 0; c < checkpoints.size(); c++) {
                        PolicyOutput o = outputs.get(c)[k];
                        int own = o.greedyAction(0);
                        FrameInfo f = new FrameInfo(frame, actorMaps.get(c)[k], criticMaps.get(c)[k], aScale[c], cScale[c], t, 0, 0, 0, names,
                                o.probabilities(0), own, o.values()[0], new double[0], new double[0], new double[0], "");
                        panels.add(new SideBySideComposer.Panel(checkpoints.get(c).label() + (c == reference ? " (reference)" : ""), f,
                                own == actions.get(t)));
                    }
                    video.write(composer.compose(panels, String.format("%s  step %d  reference action %s  |  blue: actor saliency, red: critic;"
                            + " green text: same action as the reference", s.game().id(), t, names.get(actions.get(t)))));
                    listener.onProgress("video", 0.85 + 0.15 * (k + 1) / clip);
                }
                video.close();
                ok = true;
            } finally {
                if (!ok) {
                    video.abort();
                }
            }
            return new Result(clip, endedEarly, score, results, (System.nanoTime() - t0) / 1e9);
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
