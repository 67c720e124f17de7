package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.agents.play.Step;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameModels;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.NpyStreamWriter;
import org.atarisaliency.env.OutputLock;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.MemoryMap;
import org.atarisaliency.saliency.MemoryRequest;
import org.atarisaliency.saliency.MemorySaliency;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.video.ClipEncoder;
import org.atarisaliency.video.FrameComposer;
import org.atarisaliency.video.FrameInfo;
import org.atarisaliency.video.Mp4Writer;
import org.atarisaliency.video.OverlayStyle;
import org.atarisaliency.video.OverlayScale;
import org.atarisaliency.video.StepsCsv;

/**
 * Records a saliency video. Per step of the rollout: the perturbation saliency of the actor and the
 * critic and the memory saliency from the state before the step (the memory saliency's unperturbed
 * row is the step's policy output, so the policy runs once more only for agents without memory),
 * then the action and the emulator step; on a second thread the frame is composed and encoded.
 * Steps before {@code start} are played without saliency. Per-step data streams to disk as it is
 * made (maps, memory scores, a CSV row), so memory stays flat however long the clip; every output
 * is written under a temporary name and renamed into place only when the whole clip is done.
 * Writes OUT.mp4 and, beside it, STEM.actor.npy, STEM.critic.npy (T x S x S), STEM.memory.npy
 * (T x parts x 6), STEM.frames.npy (uint8 T x 210 x 160 x 3: the raw screens, without overlays, as the maps job's
 * frames.npy), STEM.steps.csv and STEM.run.json; with {@code objects}, also STEM.objects.csv
 * (the {@link GameObjects} boxes of each recorded step, read from the RAM of the state the frame
 * shows) and the boxes outlined on the video.
 */
public final class Record {
    private static final int HISTORY = 100;
    static final int LOOKAHEAD = 30;
    /** Memory-saliency noise: standard deviation as a fraction of the state's RMS, and draws per step. */
    private static final double NOISE = 0.1;
    private static final int NOISE_SAMPLES = 4;

    /** {@link SharedSettings#PERTURB}, added to the video job after its specs were first written. */
    public static final Setting<String> PERTURB = SharedSettings.PERTURB.inSpecsOnlyWhenGiven();
    /** Which saliency maps the video draws. */
    public static final Setting<String> OVERLAY = Setting.choice("overlay", "actor,critic", List.of("actor,critic", "actor", "critic", "none"),
            "Which saliency to draw");
    /** The overlay's colours ({@link OverlayStyle#parse}). */
    public static final Setting<String> OVERLAY_COLORS = Setting.text("overlay_colors", "readable",
            "readable|paper|actor=#RRGGBB,critic=#RRGGBB[,opacity=O]", OverlayStyle::parse,
            "readable: the actor map as a blue fill, the critic map as amber contour lines, the game's objects tinted less than its "
                    + "background; paper: the maps are added to the blue (actor) and red (critic) channels, as Greydanus et al. did; "
                    + "otherwise each pixel is blended towards the given colours by the map's strength, at most O").inSpecsOnlyWhenGiven();
    /**
     * The encoder's constant quantiser (default 10: with the default scale the MP4 is within 40 dB (mean) of the PNG stills on Pong,
     * Breakout and SpaceInvaders, where the encoder's own rate control, auto, gave about 32 dB).
     */
    public static final Setting<String> QUALITY = Setting.text("quality", "10", "auto or a quantiser 0..51", Record::quality,
            "H.264 quality: a constant quantiser, lower is better and larger, or auto (the encoder's own rate control, smaller files "
                    + "with visible trails)").inSpecsOnlyWhenGiven();
    /** Whether the annotation panel is drawn beside the screen (off: the screen alone, nothing names the agent). */
    public static final Setting<Boolean> PANEL = Setting.flag("panel", true,
            "Draw the panel beside the game screen (it names the agent and shows its action, value and memory); off: "
                    + "the screen alone, for blinded viewing").inSpecsOnlyWhenGiven();
    /** Whether the game's object boxes ({@link GameObjects}) are outlined and written to STEM.objects.csv. */
    public static final Setting<Boolean> OBJECTS = Setting.flag("objects", false,
            "Outline the game's objects (ball, paddles, ...) as read from the console RAM of the state each frame shows, and write "
                    + "their boxes to STEM.objects.csv (Pong, Breakout and SpaceInvaders only)").inSpecsOnlyWhenGiven();
    /** How overlay brightness is scaled ({@link OverlayScale.Mode}); fixed needs the per-run saliency scale. */
    public static final Setting<String> SCALE_MODE = Setting.choice("scale_mode", "absolute", List.of("absolute", "per-clip", "fixed"),
            "How overlay brightness is scaled. absolute: the same for every agent, clip and game (the actor overlay the total-variation "
                    + "distance between the action distributions with and without the blur, the critic overlay |dV|, both full at 0.25); "
                    + "per-clip: the paper's scores scaled by the clip's running estimate; fixed: the paper's scores on the fixed saliency scale given "
                    + "(giving that scale implies this mode)").inSpecsOnlyWhenGiven();

    /** The game variants played (new to the job's spec, so given only when set). */
    public static final Setting<String> VARIANT = SharedSettings.VARIANT.inSpecsOnlyWhenGiven();
    /** Every setting of a recording, in the order help and provenance list them (the video job's spec order, so its hashes stay). */
    public static final Declaration DECLARATION = Declaration.of(SharedSettings.FPS, SharedSettings.SCALE, SharedSettings.STRIDE,
            SharedSettings.RADIUS, OVERLAY, SharedSettings.POLICY, SharedSettings.MEMORY_SCALE, OBJECTS, PERTURB, OVERLAY_COLORS, QUALITY, PANEL,
            SCALE_MODE, VARIANT);

    /**
     * What to record: the agent, its game, the seed, the frame window, the {@link #DECLARATION}'s settings, and what is per run.
     *
     * @param start          agent steps played (without saliency) before the clip
     * @param frames         steps in the clip
     * @param saliencyScale  the fixed scale's values of the paper's scores drawn at full intensity (actor, critic); null unless
     *                       the scale mode is fixed
     * @param png            folder for a PNG still of every frame, or null
     * @param out            the .mp4 to write
     */
    public record Settings(Path agent, Game game, long seed, int start, int frames, SettingValues values, List<Double> saliencyScale, Path png,
                           Path out) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            game = game.withVariants(values.get(VARIANT));
            if (values.get(OBJECTS)) {
                checkObjects(game.spec());
            }
            InvalidSettingException.checkAtLeast("start", start, 0);
            InvalidSettingException.checkAtLeast("frames", frames, 1);
            OverlayScale.Mode scaleMode = OverlayScale.Mode.parse(values.get(SCALE_MODE), SCALE_MODE.key());
            if ((saliencyScale != null) != (scaleMode == OverlayScale.Mode.FIXED)) {
                throw new InvalidSettingException("saliency_scale", saliencyScale == null ? "must be given for the fixed scale mode"
                        : "applies to the fixed scale mode only, not " + scaleMode.text() + "; choose the fixed mode or leave it out");
            }
            if (saliencyScale != null) {
                if (saliencyScale.isEmpty() || saliencyScale.size() > 2) {
                    throw new InvalidSettingException("saliency_scale", "takes one or two values (actor, critic), got " + saliencyScale.size());
                }
                for (double v : saliencyScale) {
                    if (!(v > 0) || Double.isInfinite(v)) {
                        throw new InvalidSettingException("saliency_scale", "must be finite numbers > 0, got " + v);
                    }
                }
                saliencyScale = List.copyOf(saliencyScale);
            }
            if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp4")) {
                throw new InvalidSettingException("out", "must name an .mp4 file, got " + out);
            }
            if (java.nio.file.Files.isDirectory(out)) {
                throw new InvalidSettingException("out", "names a folder (" + out + "); name the .mp4 file to write");
            }
        }

        /** The perturbation: occlude with the declared stride and radius, the paper's blur, the declared target. */
        public Perturbation method() {
            return Perturbation.of(values);
        }

        public int fps() {
            return values.integer(SharedSettings.FPS);
        }

        public int scale() {
            return values.integer(SharedSettings.SCALE);
        }

        /** "actor,critic", "actor", "critic" or "none". */
        public String overlay() {
            return values.get(OVERLAY);
        }

        public ActionSelection selection() {
            return SharedSettings.selection(values.get(SharedSettings.POLICY));
        }

        public double memoryScale() {
            return values.number(SharedSettings.MEMORY_SCALE);
        }

        /** The overlay's colours. */
        public OverlayStyle style() {
            return OverlayStyle.parse(values.get(OVERLAY_COLORS));
        }

        /** The encoder's constant QP, or {@link Mp4Writer#ADAPTIVE}. */
        public int quality() {
            return Record.quality(values.get(QUALITY));
        }

        public boolean panel() {
            return values.get(PANEL);
        }

        public boolean objects() {
            return values.get(OBJECTS);
        }

        public OverlayScale.Mode scaleMode() {
            return OverlayScale.Mode.parse(values.get(SCALE_MODE), SCALE_MODE.key());
        }

        /** The output stem: the video's path without ".mp4". */
        public Path stem() {
            String n = out.getFileName().toString();
            return out.toAbsolutePath().resolveSibling(n.substring(0, n.length() - 4));
        }

        /** A file beside the video: stem + "." + suffix. */
        public Path beside(String suffix) {
            return stem().resolveSibling(stem().getFileName() + "." + suffix);
        }

        boolean actor() {
            return overlays(overlay())[0];
        }

        /** Whether a saliency map is drawn on the video at all (else its colours and scale are not used). */
        public boolean overlaid() {
            return actor() || critic();
        }

        boolean critic() {
            return overlays(overlay())[1];
        }

        /** The actor's overlay scale as the clip starts. */
        OverlayScale actorScale() {
            return OverlayScale.of(scaleMode(), true, saliencyScale == null ? Double.NaN : saliencyScale.get(0));
        }

        /** The critic's overlay scale as the clip starts. */
        OverlayScale criticScale() {
            return OverlayScale.of(scaleMode(), false, saliencyScale == null ? Double.NaN : saliencyScale.get(saliencyScale.size() - 1));
        }

        /** Whether the overlays show the absolute maps (TV distance, |dV|) rather than the paper's scores. */
        boolean absolute() {
            return scaleMode() == OverlayScale.Mode.ABSOLUTE;
        }

        /** run.json's record of the overlay scales: what is drawn at full intensity, in which quantity and unit. */
        public Map<String, Object> overlayScale() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", scaleMode().text());
            if (scaleMode() == OverlayScale.Mode.PER_CLIP) {
                m.put("estimate", "running per-clip estimate of the paper's scores (median of the per-frame 99.5th percentiles); "
                        + "the values reached are result.actor_scale and result.critic_scale");
            } else {
                m.put("actor", actorScale().current().describe());
                m.put("critic", criticScale().current().describe());
            }
            return m;
        }

        /**
         * The settings part of run.json: the frame window, every declared setting the run applies (the overlay's colours and scale
         * only when a map is drawn, the memory's only for an agent with memory), and what the recording fixes.
         */
        public Map<String, Object> provenance(Policy p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", start);
            m.put("frames", frames);
            m.putAll(values.asMap());
            m.putAll(method().provenance());
            if (overlaid()) {
                m.put("overlay_colors", style().describe());
            } else {
                m.remove(OVERLAY_COLORS.key());
                m.remove(SCALE_MODE.key());
            }
            if (!p.stateNames().isEmpty()) {
                m.put("memory_noise", NOISE);
                m.put("memory_noise_samples", NOISE_SAMPLES);
            } else {
                m.remove(SharedSettings.MEMORY_SCALE.key());
            }
            if (overlaid()) {
                m.put("overlay_scale", overlayScale());
            }
            m.put("preprocessing", p.preprocessor().describe());
            m.put("agent_network", p.describe());
            return m;
        }

        private static boolean[] overlays(String overlay) {
            boolean actor = false, critic = false;
            for (String o : overlay.split(",", -1)) {
                switch (o.trim().toLowerCase(Locale.ROOT)) {
                    case "actor" -> actor = true;
                    case "critic" -> critic = true;
                    case "none", "" -> { }
                    default -> throw new InvalidSettingException("overlay", "has unknown map '" + o + "'; use actor, critic, both (actor,critic) or none");
                }
            }
            return new boolean[] {actor, critic};
        }
    }

    /** The encoder's quantiser a quality setting names: {@link Mp4Writer#ADAPTIVE} for "auto", else 0..51. */
    public static int quality(String text) {
        if (text.equals("auto")) {
            return Mp4Writer.ADAPTIVE;
        }
        try {
            return Mp4Writer.checkQuality(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(QUALITY.key(), "must be auto or a quantiser 0..51 (lower is better), got '" + text + "'");
        }
    }

    /** Throws the "objects" setting's error unless the game has a {@link GameObjects} model. */
    public static void checkObjects(GameSpec game) {
        if (!GameObjects.supported(game.rom())) {
            throw new InvalidSettingException("objects", "has no object model for " + game.rom() + "; supported: " + GameModels.supported());
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

    private Record() {
    }

    /** Loads the agent, records the clip and writes everything, run.json last. */
    public static Result run(Settings s, Listener listener) throws Exception {
        try (OutputLock busy = lock(s.out());
             AtariEnv env = s.game().open(s.seed());
             Policy policy = Agents.loadPolicy(s.agent(), env.actionCount())) {
            Result r = record(policy, env, s, listener);
            Map<String, Object> run = Provenance.document("record", s.agent(), s.game(), s.provenance(policy));
            run.put("seed", s.seed());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("frames_recorded", r.frames());
            result.put("ended_early", r.endedEarly());
            result.put("score_at_end", r.score());
            result.put("video_size", r.width() + "x" + r.height());
            result.put("actor_scale", r.actorScale());
            result.put("critic_scale", r.criticScale());
            result.put("memory_columns", List.of("scale_actor", "scale_critic", "remove_actor", "remove_critic", "noise_actor", "noise_critic"));
            result.put("memory_parts", policy.stateNames());
            run.put("result", result);
            Map<String, Object> timings = new LinkedHashMap<>();
            timings.put("total_seconds", r.seconds());
            timings.put("env_seconds", r.envSeconds());
            timings.put("saliency_seconds", r.saliencySeconds());
            timings.put("memory_seconds", r.memorySeconds());
            timings.put("compose_seconds", r.composeSeconds());
            timings.put("encode_seconds", r.encodeSeconds());
            run.put("timings", timings);
            Provenance.writeJson(s.beside("run.json"), run);
            return r;
        }
    }

    /** Holds the video's output (a hidden ".NAME.lock" beside it, removed after) so that two records never write the same files. */
    private static OutputLock lock(Path out) throws IOException {
        RunFolder.ensureFolder(out.toAbsolutePath().normalize().getParent());
        return OutputLock.beside(out);
    }

    /** Records the clip with {@code policy} playing in {@code env} (the opening of {@code s.game().open(s.seed())}: {@link Rollout#openGame}). */
    public static Result record(Policy policy, AtariEnv env, Settings s, Listener listener) throws Exception {
        long t0 = System.nanoTime();
        s.method().checkAgent(policy);
        FrameComposer composer = new FrameComposer(s.scale(), s.style(), s.panel(), GameObjects.agentObject(s.game().spec().rom()));
        OverlayScale actorScale = s.actorScale();
        OverlayScale criticScale = s.criticScale();
        if (s.png() != null) {
            RunFolder.ensureFolder(s.png());
        }
        int size = policy.inputSize();
        int parts = policy.stateNames().size();
        // a clip of a variant says so where the game is named: the published game is what a viewer would assume
        String variants = String.join("+", s.game().spec().variants().stream().map(org.atarisaliency.env.GameVariant::name).toList());
        String title = s.game().spec().id() + (variants.isEmpty() ? "" : " (" + variants + ")") + " - " + s.agent().getFileName();
        boolean drawActor = s.actor(), drawCritic = s.critic();
        double envT = 0, salT = 0, memT = 0;
        int recorded = 0;
        boolean endedEarly = false;
        double score = 0;
        ClipEncoder[] started = {null};
        ClipEncoder encoder = null;
        try (RunFolder folder = RunFolder.in(s.stem().getParent());
             // closed before the folder: an encoder still running would stage stills after the folder threw its outputs away
             AutoCloseable stopEncoder = () -> stop(started[0]);
             HintSource hints = s.game().hintSource(s.seed(), 0, env.actionCount());
             Rollout rollout = Rollout.on(policy, env, s.selection(), s.seed()).withHints(hints);
             PerturbationSaliency saliency = new PerturbationSaliency(policy)) {
            List<String> names = env.actionNames();
            NpyStreamWriter actorOut = folder.npy(s.beside("actor.npy"), size, size);
            NpyStreamWriter criticOut = folder.npy(s.beside("critic.npy"), size, size);
            NpyStreamWriter actorTvOut = folder.npy(s.beside("actor_tv.npy"), size, size);
            NpyStreamWriter criticDvOut = folder.npy(s.beside("critic_dv.npy"), size, size);
            NpyStreamWriter memoryOut = folder.npy(s.beside("memory.npy"), Math.max(1, parts), 6);
            NpyStreamWriter framesOut = folder.npyUint8(s.beside("frames.npy"), AtariEnv.HEIGHT, AtariEnv.WIDTH, AtariEnv.CHANNELS);
            BufferedWriter csv = folder.text(s.beside("steps.csv"));
            String rom = s.game().spec().rom();
            BufferedWriter objectsCsv = s.objects() ? folder.text(s.beside("objects.csv")) : null;
            if (objectsCsv != null) {
                objectsCsv.write("step,object,top,left,height,width\n");
            }
            Mp4Writer video = folder.mp4(s.out(), composer.width(), composer.height(), s.fps(), s.quality());
            encoder = new ClipEncoder(composer, video, s.png(), folder::file, actorScale, criticScale, LOOKAHEAD);
            encoder.start();
            started[0] = encoder;
            csv.write(StepsCsv.header(names));
            MemorySaliency memory = parts > 0 ? new MemorySaliency(policy) : null;
            ArrayDeque<Double> values = new ArrayDeque<>(), memories = new ArrayDeque<>(), rewards = new ArrayDeque<>();
            while (!rollout.over() && rollout.t() < s.start() + s.frames()) {
                long a = System.nanoTime();
                Rollout.Observation o = rollout.observe();
                boolean record = o.t() >= s.start();
                // the RAM of the state the observed frame shows: read before the step
                List<GameObjects.GameObject> objects = record && objectsCsv != null ? GameObjects.objects(rom, env.ram()) : List.of();
                long b = System.nanoTime();
                SaliencyMap map = record ? saliency.compute(s.method().request(o.input(), o.state())) : null;
                long c = System.nanoTime();
                MemoryMap mem = record && memory != null
                        ? memory.compute(new MemoryRequest(o.input(), o.state(), s.memoryScale(), NOISE, NOISE_SAMPLES, Seeds.noise(s.seed(), o.t()), false))
                        : null;
                long d = System.nanoTime();
                Step st = rollout.step(mem != null ? mem.output() : null);
                long e = System.nanoTime();
                score = st.score();
                envT += (b - a + e - d) / 1e9;
                salT += (c - b) / 1e9;
                memT += (d - c) / 1e9;
                if (record) {
                    float[] actorMap = map.actorUpsampled(), criticMap = map.criticUpsampled();
                    float[] actorTv = map.actorTvUpsampled(), criticDv = map.criticDvUpsampled();
                    actorOut.append(actorMap);
                    criticOut.append(criticMap);
                    actorTvOut.append(actorTv);
                    criticDvOut.append(criticDv);
                    float[] memRow = memoryRow(mem, parts);
                    memoryOut.append(memRow);
                    framesOut.append(st.frame());
                    double[] probs = st.output().probabilities(0);
                    csv.write(StepsCsv.row(st.t(), st.action(), names.get(st.action()), probs, st.value(), st.reward(), st.score(), st.lives()));
                    if (objectsCsv != null) {
                        objectsCsv.write(objectRows(st.t(), objects));
                    }
                    push(values, st.value());
                    push(memories, reliance(mem));
                    push(rewards, st.reward());
                    // the absolute scale draws the TV distance and |dV|, the others the paper's scores
                    float[] actorShown = drawActor ? (s.absolute() ? actorTv : actorMap) : null;
                    float[] criticShown = drawCritic ? (s.absolute() ? criticDv : criticMap) : null;
                    actorScale.observe(actorShown);
                    criticScale.observe(criticShown);
                    encoder.put(new FrameInfo(st.frame(), actorShown, criticShown, size,
                            policy.preprocessor().region(), actorScale.current(), criticScale.current(), st.t(), st.score(), st.lives(), st.reward(), names, probs, st.action(),
                            st.value(), toArray(values), toArray(memories), toArray(rewards), title, objects));
                    recorded++;
                    if (listener != null) {
                        listener.onFrame(recorded, s.frames(), (System.nanoTime() - t0) / 1e9);
                    }
                }
                if (st.gameOver()) {
                    if (st.t() < s.start()) {
                        throw new InvalidSettingException("start", "is after the end of the episode (it ended at step " + (st.t() + 1)
                                + "); choose an earlier start or another seed");
                    }
                    endedEarly = st.t() + 1 < s.start() + s.frames();
                }
            }
            encoder.finish();
            folder.commit();
            if (!s.objects()) {
                java.nio.file.Files.deleteIfExists(s.beside("objects.csv")); // a companion of an earlier clip at this path
            }
            List<Path> files = new ArrayList<>(List.of(s.out(), s.beside("actor.npy"), s.beside("critic.npy"), s.beside("actor_tv.npy"),
                    s.beside("critic_dv.npy"), s.beside("memory.npy"), s.beside("frames.npy"), s.beside("steps.csv")));
            if (objectsCsv != null) {
                files.add(s.beside("objects.csv"));
            }
            return new Result(recorded, endedEarly, score, composer.width(), composer.height(), (System.nanoTime() - t0) / 1e9, envT, salT,
                    memT, encoder.composeSeconds(), encoder.encodeSeconds(), actorScale.value(), criticScale.value(), files);
        }
    }

    /** Stops the encoder thread (if it still runs) and waits for it. */
    private static void stop(ClipEncoder encoder) throws InterruptedException {
        if (encoder != null && encoder.isAlive()) {
            encoder.interrupt();
            encoder.join();
        }
    }

    /** The objects.csv rows of one step: step,object,top,left,height,width (empty cells for an object not in play). */
    static String objectRows(int step, List<GameObjects.GameObject> objects) {
        StringBuilder sb = new StringBuilder();
        for (GameObjects.GameObject o : objects) {
            GameObjects.Box b = o.box();
            sb.append(step).append(',').append(o.name()).append(',');
            if (b == null) {
                sb.append(",,,\n");
            } else {
                sb.append(b.top()).append(',').append(b.left()).append(',').append(b.height()).append(',').append(b.width()).append('\n');
            }
        }
        return sb.toString();
    }

    private static float[] memoryRow(MemoryMap mem, int parts) {
        float[] row = new float[Math.max(1, parts) * 6];
        if (mem != null) {
            for (int p = 0; p < mem.parts().size(); p++) {
                MemoryMap.Part mp = mem.parts().get(p);
                double[] v = {mp.scaleActor(), mp.scaleCritic(), mp.removeActor(), mp.removeCritic(), mp.noiseActor(), mp.noiseCritic()};
                for (int k = 0; k < 6; k++) {
                    row[p * 6 + k] = (float) v[k];
                }
            }
        }
        return row;
    }

    /**
     * The reliance strip's value: the largest change of the action distribution (total-variation distance, in [0, 1]) over
     * the state parts when the memory is scaled.
     */
    private static double reliance(MemoryMap mem) {
        double r = 0;
        if (mem != null) {
            for (MemoryMap.Part p : mem.parts()) {
                r = Math.max(r, p.scaleActorTv());
            }
        }
        return r;
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
}
