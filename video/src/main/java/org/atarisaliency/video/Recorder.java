package org.atarisaliency.video;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.NpyStreamWriter;
import org.atarisaliency.saliency.MemoryMap;
import org.atarisaliency.saliency.MemoryRequest;
import org.atarisaliency.saliency.MemorySaliency;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Records a saliency video. The data path, one step at a time: rollout (env + policy, the state
 * before each step kept) -> preprocess -> perturbation saliency (actor, critic) and memory
 * saliency from that state -> policy forward and action -> env step; then, on a second thread,
 * compose the frame -> encode. Frames before {@code start} are played without saliency. Per-step
 * data streams to disk as it is made (maps, memory scores, a CSV row), so memory stays flat
 * however long the clip; every output is written under a temporary name and renamed into place
 * only when the whole clip is done.
 */
public final class Recorder {

    /** What to record. */
    public record Settings(GameSpec game, Path rom, long seed, int start, int frames, int stride, double radius, int fps,
                           int scale, boolean actor, boolean critic, ActionSelection selection, double actorScale,
                           double criticScale, Path png, Path out, double memoryScale, String title) {
        public Settings {
            if (start < 0 || frames < 1) {
                throw new IllegalArgumentException("--start must be >= 0 and --frames >= 1");
            }
            if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp4")) {
                throw new IllegalArgumentException("--out must name an .mp4 file, got " + out);
            }
        }

        /** The output stem: the video's path without ".mp4". */
        public Path stem() {
            String n = out.getFileName().toString();
            return out.resolveSibling(n.substring(0, n.length() - 4));
        }

        /** A file beside the video: stem + "." + suffix. */
        public Path beside(String suffix) {
            return stem().resolveSibling(stem().getFileName() + "." + suffix);
        }
    }

    /** Progress callbacks (from the recording thread). */
    public interface Listener {
        void onFrame(int recorded, int total, double elapsedSeconds);
    }

    /** What happened. */
    public record Result(int frames, boolean endedEarly, double score, int width, int height, double seconds,
                         double envSeconds, double saliencySeconds, double memorySeconds, double composeSeconds,
                         double encodeSeconds, double actorScale, double criticScale, List<Path> files) {
    }

    private static final int HISTORY = 100;
    private static final int LOOKAHEAD = 30;
    private static final FrameInfo END = new FrameInfo(null, null, null, 0, 0, -1, 0, 0, 0, List.of(), new double[0], 0, 0,
            new double[0], new double[0], new double[0], "");

    private Recorder() {
    }

    /** Records the clip with {@code policy} (whose action count must match the game). */
    public static Result record(Policy policy, Settings s, Listener listener) throws Exception {
        long t0 = System.nanoTime();
        FrameComposer composer = new FrameComposer(s.scale());
        OverlayScale actorScale = new OverlayScale(s.actorScale());
        OverlayScale criticScale = new OverlayScale(s.criticScale());
        Path csvTemp = tempBeside(s.beside("steps.csv"));
        List<String> names;
        NpyStreamWriter actorOut = null, criticOut = null, memoryOut = null;
        Mp4Writer video = null;
        EncoderThread encoder = null;
        boolean ok = false;
        double envT = 0, salT = 0, memT = 0;
        int recorded = 0;
        boolean endedEarly = false;
        double score = 0;
        if (s.png() != null) {
            Files.createDirectories(s.png());
        }
        try (AtariEnv env = AtariEnv.open(s.game(), s.rom(), Seeds.childInt(s.seed(), "env", 0), 0);
             PerturbationSaliency saliency = new PerturbationSaliency(policy);
             BufferedWriter csv = Files.newBufferedWriter(csvTemp, StandardCharsets.UTF_8)) {
            names = env.actionNames();
            int parts = policy.stateNames().size();
            actorOut = new NpyStreamWriter(s.beside("actor.npy"), 80, 80);
            criticOut = new NpyStreamWriter(s.beside("critic.npy"), 80, 80);
            memoryOut = new NpyStreamWriter(s.beside("memory.npy"), Math.max(1, parts), 6);
            video = new Mp4Writer(s.out(), composer.width(), composer.height(), s.fps());
            encoder = new EncoderThread(composer, video, s.png(), actorScale, criticScale);
            encoder.start();
            csv.write(StepsCsv.header(names));
            MemorySaliency memory = parts > 0 ? new MemorySaliency(policy) : null;
            SplittableRandom rng = new SplittableRandom(Seeds.child(s.seed(), "actions", 0));
            RecurrentState h = policy.initialState(1);
            float[] x = new float[policy.preprocessor().length()];
            byte[] rgb = new byte[AtariEnv.FRAME_BYTES];
            ArrayDeque<Double> values = new ArrayDeque<>(), memories = new ArrayDeque<>(), rewards = new ArrayDeque<>();
            for (int t = 0; t < s.start() + s.frames(); t++) {
                long a = System.nanoTime();
                env.frame(rgb);
                policy.preprocessor().apply(rgb, x, 0);
                boolean record = t >= s.start();
                SaliencyMap map = null;
                MemoryMap mem = null;
                long b = System.nanoTime();
                if (record) {
                    map = saliency.compute(new SaliencyRequest(x, h, s.stride(), s.radius(), SaliencyRequest.DEFAULT_BLUR,
                            PerturbationMode.OCCLUDE, 257));
                }
                long c = System.nanoTime();
                if (record && memory != null) {
                    mem = memory.compute(new MemoryRequest(x, h, s.memoryScale(), 0.1, 4, s.seed() + t, false));
                }
                long d = System.nanoTime();
                PolicyOutput out = policy.forward(x, h);
                int action = s.selection().choose(out, 0, rng);
                AtariEnv.Step st = env.step(action);
                score += st.reward();
                h = out.next();
                long e = System.nanoTime();
                envT += (b - a + e - d) / 1e9;
                salT += (c - b) / 1e9;
                memT += (d - c) / 1e9;
                if (record) {
                    float[] a80 = map.actorUpsampled(), c80 = map.criticUpsampled();
                    actorOut.append(a80);
                    criticOut.append(c80);
                    float[] memRow = new float[Math.max(1, parts) * 6];
                    double reliance = 0;
                    if (mem != null) {
                        for (int p = 0; p < mem.parts().size(); p++) {
                            MemoryMap.Part mp = mem.parts().get(p);
                            double[] v = {mp.scaleActor(), mp.scaleCritic(), mp.removeActor(), mp.removeCritic(), mp.noiseActor(), mp.noiseCritic()};
                            for (int k = 0; k < 6; k++) {
                                memRow[p * 6 + k] = (float) v[k];
                            }
                            reliance = Math.max(reliance, mp.scaleActor());
                        }
                    }
                    memoryOut.append(memRow);
                    double[] probs = out.probabilities(0);
                    csv.write(StepsCsv.row(t, action, names.get(action), probs, out.values()[0], st.reward(), score, env.lives()));
                    push(values, out.values()[0]);
                    push(memories, reliance);
                    push(rewards, st.reward());
                    if (s.actor()) {
                        actorScale.observe(a80);
                    }
                    if (s.critic()) {
                        criticScale.observe(c80);
                    }
                    encoder.put(new FrameInfo(rgb.clone(), s.actor() ? a80 : null, s.critic() ? c80 : null, 0, 0, t, score, env.lives(),
                            st.reward(), names, probs, action, out.values()[0], toArray(values), toArray(memories), toArray(rewards), s.title()));
                    recorded++;
                    if (listener != null) {
                        listener.onFrame(recorded, s.frames(), (System.nanoTime() - t0) / 1e9);
                    }
                }
                if (st.gameOver()) {
                    if (t < s.start()) {
                        throw new IllegalArgumentException("the episode ended at step " + (t + 1) + ", before --start " + s.start()
                                + "; choose an earlier --start or another --seed");
                    }
                    endedEarly = t + 1 < s.start() + s.frames();
                    break;
                }
            }
            encoder.finish();
            actorOut.close();
            criticOut.close();
            memoryOut.close();
            csv.close();
            Files.move(csvTemp, s.beside("steps.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            video.close();
            ok = true;
        } finally {
            if (!ok) {
                if (encoder != null) {
                    encoder.interrupt();
                }
                for (NpyStreamWriter w : new NpyStreamWriter[] {actorOut, criticOut, memoryOut}) {
                    if (w != null) {
                        w.abort();
                    }
                }
                if (video != null) {
                    video.abort();
                }
                Files.deleteIfExists(csvTemp);
            }
        }
        List<Path> files = List.of(s.out(), s.beside("actor.npy"), s.beside("critic.npy"), s.beside("memory.npy"), s.beside("steps.csv"));
        return new Result(recorded, endedEarly, score, composer.width(), composer.height(), (System.nanoTime() - t0) / 1e9, envT, salT, memT,
                encoder.composeSeconds, encoder.encodeSeconds, actorScale.value(), criticScale.value(), files);
    }

    private static Path tempBeside(Path target) throws IOException {
        return org.atarisaliency.env.OutputFiles.tempBeside(target);
    }

    private static void push(ArrayDeque<Double> q, double v) {
        q.addLast(v);
        while (q.size() > HISTORY) {
            q.removeFirst();
        }
    }

    private static double[] toArray(ArrayDeque<Double> q) {
        return q.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Composes and encodes on its own thread. It waits until {@link #LOOKAHEAD} frames were
     * observed (or the clip ended) before drawing the first, so the running overlay scale has seen
     * the start of the clip; the bounded queue keeps memory flat.
     */
    private static final class EncoderThread extends Thread {
        private final BlockingQueue<FrameInfo> queue = new ArrayBlockingQueue<>(LOOKAHEAD + 8);
        private final CountDownLatch ready = new CountDownLatch(1);
        private final FrameComposer composer;
        private final Mp4Writer video;
        private final Path png;
        private final OverlayScale actorScale;
        private final OverlayScale criticScale;
        private int queued;
        private volatile Throwable failure;
        volatile double composeSeconds;
        volatile double encodeSeconds;

        EncoderThread(FrameComposer composer, Mp4Writer video, Path png, OverlayScale actorScale, OverlayScale criticScale) {
            super("video-encoder");
            setDaemon(true);
            this.composer = composer;
            this.video = video;
            this.png = png;
            this.actorScale = actorScale;
            this.criticScale = criticScale;
        }

        void put(FrameInfo f) throws Exception {
            check();
            while (!queue.offer(f, 100, TimeUnit.MILLISECONDS)) {
                check();
            }
            if (++queued >= LOOKAHEAD) {
                ready.countDown();
            }
        }

        void finish() throws Exception {
            ready.countDown();
            put(END);
            join();
            check();
        }

        private void check() throws Exception {
            if (failure instanceof Exception e) {
                throw e;
            } else if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }

        @Override
        public void run() {
            try {
                ready.await();
                for (FrameInfo f; (f = queue.take()) != END; ) {
                    long a = System.nanoTime();
                    FrameInfo scaled;
                    synchronized (actorScale) {
                        scaled = new FrameInfo(f.rgb(), f.actor(), f.critic(), actorScale.value(), criticScale.value(), f.step(), f.score(),
                                f.lives(), f.reward(), f.actionNames(), f.probabilities(), f.action(), f.value(), f.valueHistory(),
                                f.memoryHistory(), f.rewardHistory(), f.title());
                    }
                    int[] px = composer.compose(scaled);
                    if (png != null) {
                        ImageIO.write(composer.image(), "png", png.resolve(String.format("frame_%06d.png", f.step())).toFile());
                    }
                    long b = System.nanoTime();
                    video.write(px);
                    long c = System.nanoTime();
                    composeSeconds += (b - a) / 1e9;
                    encodeSeconds += (c - b) / 1e9;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure = e;
            }
        }
    }
}
