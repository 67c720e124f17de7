package org.atarisaliency.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.env.Npy;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Seconds per frame of our perturbation saliency on real frames of the agent playing (median after
 * warm-up), and in the same run the same computation in batched PyTorch (all perturbations in one
 * forward, masks cached, same thread count, from {@code torchDeps}), with the ratio and the
 * largest map difference.
 */
public final class BenchSaliency {

    /** Frames timed. */
    public static final Setting<Long> FRAMES = Setting.integer("frames", 10, 1, 10_000, "Timed frames").unit("frames");
    /** Untimed frames first (of both engines). */
    public static final Setting<Long> WARMUP = Setting.integer("warmup", 3, 0, 10_000, "Untimed frames first").unit("frames");
    /** Untimed passes of our engine first, so that the JIT has compiled the hot loops. */
    public static final Setting<Long> JIT_WARMUP = Setting.integer("jit_warmup", 60, 0, 100_000,
            "Untimed passes of our engine over the frames before timing, so that the JIT has compiled the hot loops").unit("passes");
    /** Agent steps played before the first frame. */
    public static final Setting<Long> SKIP = Setting.integer("skip", 100, 0, 1_000_000, "Agent steps played before the first frame").unit("steps");

    /** Every setting of the saliency benchmark, in the order help and the JSON list them. */
    public static final Declaration DECLARATION = Declaration.of(FRAMES, WARMUP, JIT_WARMUP, SKIP, SharedSettings.STRIDE, SharedSettings.RADIUS);

    /**
     * What to time: the agent, its game, the {@link #DECLARATION}'s settings, and where torch is.
     *
     * @param torchDeps  the folder torch is installed in, or null to time our engine alone
     */
    public record Settings(Path agent, Game game, SettingValues values, Path torchDeps) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
        }

        public int frames() {
            return values.integer(FRAMES);
        }

        public int warmup() {
            return values.integer(WARMUP);
        }

        public int jitWarmup() {
            return values.integer(JIT_WARMUP);
        }

        public int skip() {
            return values.integer(SKIP);
        }

        /** The perturbation: the paper's blur and mode with the declared stride and radius. */
        public Perturbation method() {
            return Perturbation.of(values);
        }

        /** The settings block of the JSON: every declared setting and what the benchmark fixes (blur, mode). */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>(values.asMap());
            m.putAll(method().provenance());
            return m;
        }
    }

    /** Progress lines ("" clears the line). */
    public interface Listener {
        void onStatus(String line);
    }

    /** A benchmark that could not run, in one line. */
    public static final class BenchException extends RuntimeException {
        public BenchException(String message) {
            super(message);
        }
    }

    private BenchSaliency() {
    }

    /** Runs the benchmark; the figures as a JSON-ready map. */
    public static Map<String, Object> run(Settings s, Listener listener) throws Exception {
        int total = s.warmup() + s.frames();
        List<float[]> inputs = new ArrayList<>();
        List<float[]> states = new ArrayList<>();
        Map<String, Object> m = new LinkedHashMap<>();
        try (ActorCriticPolicy p = ActorCriticPolicy.load(s.agent(), s.game().actionCount())) {
            if (!p.stateNames().equals(List.of("h"))) {
                throw new org.atarisaliency.agents.IncompatibleAgentException(
                        "bench saliency compares with a batched PyTorch baby-a3c (GRU) network; this agent is " + p.describe());
            }
            try (HintSource hints = s.game().hintSource(0, 0, p.actionCount());
                 Rollout rollout = Rollout.open(p, s.game().spec(), s.game().rom(), ActionSelection.GREEDY, 0).restartOnGameOver().withHints(hints)) {
                while (inputs.size() < total) {
                    Rollout.Observation o = rollout.observe();
                    if (o.t() >= s.skip()) {
                        inputs.add(o.input());
                        states.add(o.state().part("h").clone());
                    }
                    rollout.step();
                }
            }
            double[] times = new double[s.frames()];
            List<float[]> actorMaps = new ArrayList<>();
            try (PerturbationSaliency engine = new PerturbationSaliency(p)) {
                Perturbation method = s.method();
                for (int i = 0; i < s.jitWarmup(); i++) {
                    engine.compute(method.request(inputs.get(i % total), new RecurrentState(1, List.of("h"), List.of(states.get(i % total)))));
                    listener.onStatus(String.format("ours: JIT warm-up %d/%d", i + 1, s.jitWarmup()));
                }
                for (int i = 0; i < total; i++) {
                    SaliencyRequest r = method.request(inputs.get(i), new RecurrentState(1, List.of("h"), List.of(states.get(i))));
                    long t0 = System.nanoTime();
                    SaliencyMap map = engine.compute(r);
                    double dt = (System.nanoTime() - t0) / 1e9;
                    if (i >= s.warmup()) {
                        times[i - s.warmup()] = dt;
                        actorMaps.add(map.actor());
                    }
                    listener.onStatus(String.format("ours: frame %d/%d  %.1f ms", i + 1, total, dt * 1e3));
                }
                m.put("engine", engine.incremental() ? "incremental" : "batched");
            }
            listener.onStatus("");
            double ours = median(times);
            m.put("seconds_per_frame", ours);
            m.put("per_frame", Arrays.stream(times).boxed().toList());
            m.put("threads", Runtime.getRuntime().availableProcessors());
            m.put("frames", s.frames());
            m.put("stride", s.method().stride());
            m.put("radius", s.method().radius());
            m.put("agent", s.agent().toString());
            m.putAll(s.game().provenance());
            m.put("settings", s.provenance());
            if (s.torchDeps() != null) {
                torch(s, listener, m, inputs, states, actorMaps, ours);
            }
        }
        m.put("machine", Provenance.machine());
        m.put("tool", Provenance.tool());
        return m;
    }

    private static void torch(Settings s, Listener listener, Map<String, Object> m, List<float[]> inputs, List<float[]> states, List<float[]> ourMaps, double ours)
            throws IOException, InterruptedException {
        Path deps = s.torchDeps();
        if (!Files.isDirectory(deps.resolve("torch"))) {
            throw new BenchException("the batched PyTorch baseline needs torch in " + deps + ": run ./atari-saliency setup --bench, or time our engine alone");
        }
        Path dir = Files.createTempDirectory("bench-saliency");
        try {
            int n = inputs.size(), size = 80;
            float[] x = new float[n * size * size], h = new float[n * 256];
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputs.get(i), 0, x, i * size * size, size * size);
                System.arraycopy(states.get(i), 0, h, i * 256, 256);
            }
            Npy.writeFloat32(dir.resolve("inputs.npy"), x, n, size, size);
            Npy.writeFloat32(dir.resolve("states.npy"), h, n, 256);
            Path script = dir.resolve("bench_torch_saliency.py");
            try (InputStream in = BenchSaliency.class.getResourceAsStream("bench_torch_saliency.py")) {
                Files.copy(in, script);
            }
            Path outDir = Files.createDirectories(dir.resolve("out"));
            int threads = Runtime.getRuntime().availableProcessors();
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--agent", s.agent().toAbsolutePath().toString(),
                    "--inputs", dir.resolve("inputs.npy").toString(), "--states", dir.resolve("states.npy").toString(),
                    "--stride", Integer.toString(s.method().stride()), "--radius", Double.toString(s.method().radius()), "--threads", Integer.toString(threads),
                    "--warmup", Integer.toString(s.warmup()), "--out", outDir.toString());
            pb.environment().put("PYTHONPATH", deps.toString());
            pb.redirectErrorStream(false);
            listener.onStatus("torch: running the batched PyTorch baseline ...");
            Process proc = pb.start();
            String stdout = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(600, TimeUnit.SECONDS) || proc.exitValue() != 0) {
                throw new BenchException("the PyTorch baseline failed: " + stderr.strip().lines().reduce((a, b) -> b).orElse("no output"));
            }
            listener.onStatus("");
            // the script times all frames after its own warm-up passes; we compare the same timed frames
            List<Double> per = numbers(stdout, "per_frame");
            double[] timed = per.subList(Math.min(s.warmup(), per.size() - 1), per.size()).stream().mapToDouble(Double::doubleValue).toArray();
            double t = median(timed);
            m.put("torch_seconds_per_frame", t);
            m.put("torch_per_frame", Arrays.stream(timed).boxed().toList());
            m.put("torch_version", string(stdout, "torch_version"));
            m.put("ratio", t / ours);
            float[] theirs = Npy.read(outDir.resolve("actor.npy")).floats();
            int cells = ourMaps.get(0).length;
            double worst = 0;
            for (int i = 0; i < ourMaps.size(); i++) {
                float[] mine = ourMaps.get(i);
                double max = 0, diff = 0;
                for (int k = 0; k < cells; k++) {
                    float o = theirs[(s.warmup() + i) * cells + k];
                    max = Math.max(max, Math.abs(o));
                    diff = Math.max(diff, Math.abs(o - mine[k]));
                }
                worst = Math.max(worst, max > 0 ? diff / max : diff);
            }
            m.put("max_relative_difference_vs_torch", worst);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The median of {@code v}. */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static List<Double> numbers(String json, String key) {
        Matcher mt = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!mt.find()) {
            throw new BenchException("the PyTorch baseline printed no " + key + ": " + json.strip());
        }
        List<Double> out = new ArrayList<>();
        for (String s : mt.group(1).split(",")) {
            if (!s.isBlank()) {
                out.add(Double.parseDouble(s.trim()));
            }
        }
        return out;
    }

    private static String string(String json, String key) {
        Matcher mt = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return mt.find() ? mt.group(1) : "?";
    }
}
