package org.atarisaliency.cli;

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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.Npy;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench saliency}: our seconds per frame against batched PyTorch on the same real frames,
 * in one run.
 */
@Command(name = "saliency", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Seconds per frame of perturbation saliency (d, r as given) on real frames of the agent playing,",
            "median after warm-up, and in the same run the same computation in batched PyTorch (all perturbations",
            "in one forward, masks cached, same thread count), and the ratio torch/ours.",
            "PyTorch comes from .deps/torch: ./atari-saliency setup --bench installs it."})
final class BenchSaliency implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", required = true, paramLabel = "FILE", description = "A baby-a3c agent (PyTorch checkpoint).")
    Path agent;

    @Mixin
    GameOptions game;

    @Option(names = "--frames", defaultValue = "10", description = "Timed frames (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed frames first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--jit-warmup", defaultValue = "60",
            description = "Untimed passes of our engine over the frames before timing, so that the JIT has compiled the hot loops (default: ${DEFAULT-VALUE}).")
    int jitWarmup;

    @Option(names = "--skip", defaultValue = "100", description = "Agent steps played before the first frame (default: ${DEFAULT-VALUE}).")
    int skip;

    @Option(names = "--stride", defaultValue = "5", description = "Grid spacing d (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--radius", defaultValue = "5", description = "Mask radius r (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--no-torch", description = "Only time our engine.")
    boolean noTorch;

    @Option(names = "--json", description = "Print one JSON object (seconds_per_frame, torch_seconds_per_frame, ratio, ...).")
    boolean json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || warmup < 0 || skip < 0) {
            throw new IllegalArgumentException("--frames must be >= 1 and --warmup, --skip >= 0");
        }
        GameOptions.Resolved g = game.resolve();
        var err = spec.commandLine().getErr();
        int total = warmup + frames;
        List<float[]> inputs = new ArrayList<>();
        List<float[]> states = new ArrayList<>();
        Map<String, Object> m = new LinkedHashMap<>();
        try (AtariEnv env = AtariEnv.open(g.spec(), g.rom(), 0, 0); ActorCriticPolicy p = Agents.load(agent, env.actionCount())) {
            if (!p.stateNames().equals(List.of("h"))) {
                throw new IllegalArgumentException("bench saliency compares with a batched PyTorch baby-a3c (GRU) network; this agent is " + p.describe());
            }
            RecurrentState h = p.initialState(1);
            for (int t = 0; inputs.size() < total; t++) {
                byte[] rgb = env.frame();
                float[] x = new float[p.preprocessor().length()];
                p.preprocessor().apply(rgb, x, 0);
                if (t >= skip) {
                    inputs.add(x);
                    states.add(h.part("h").clone());
                }
                PolicyOutput o = p.forward(x, h);
                if (env.step(o.greedyAction(0)).gameOver()) {
                    env.reset();
                    o = p.forward(x, p.initialState(1));
                }
                h = o.next();
            }
            double[] times = new double[frames];
            List<float[]> actorMaps = new ArrayList<>();
            try (PerturbationSaliency engine = new PerturbationSaliency(p)) {
                for (int i = 0; i < jitWarmup; i++) {
                    SaliencyRequest r = SaliencyRequest.of(inputs.get(i % total), new RecurrentState(1, List.of("h"), List.of(states.get(i % total))))
                            .withStride(stride).withRadius(radius);
                    engine.compute(r);
                    if (!common.quiet) {
                        err.printf("\rours: JIT warm-up %d/%d", i + 1, jitWarmup);
                        err.flush();
                    }
                }
                for (int i = 0; i < total; i++) {
                    SaliencyRequest r = SaliencyRequest.of(inputs.get(i), new RecurrentState(1, List.of("h"), List.of(states.get(i))))
                            .withStride(stride).withRadius(radius);
                    long s = System.nanoTime();
                    SaliencyMap map = engine.compute(r);
                    double dt = (System.nanoTime() - s) / 1e9;
                    if (i >= warmup) {
                        times[i - warmup] = dt;
                        actorMaps.add(map.actor());
                    }
                    if (!common.quiet) {
                        err.printf("\rours: frame %d/%d  %.1f ms", i + 1, total, dt * 1e3);
                        err.flush();
                    }
                }
                m.put("engine", engine.incremental() ? "incremental" : "batched");
            }
            if (!common.quiet) {
                err.print("\r" + " ".repeat(40) + "\r");
                err.flush();
            }
            double ours = median(times);
            m.put("seconds_per_frame", ours);
            m.put("per_frame", Arrays.stream(times).boxed().toList());
            m.put("threads", Runtime.getRuntime().availableProcessors());
            m.put("frames", frames);
            m.put("stride", stride);
            m.put("radius", radius);
            m.put("agent", agent.toString());
            m.put("game", g.spec().id());
            if (!noTorch) {
                torch(m, inputs, states, actorMaps, ours);
            }
        }
        m.put("machine", System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(m));
        } else {
            out.printf("ours   %.4f s/frame (median of %d after %d warm-up, %s, %s threads)%n", (double) m.get("seconds_per_frame"), frames, warmup,
                    m.get("engine"), m.get("threads"));
            if (m.containsKey("torch_seconds_per_frame")) {
                out.printf("torch  %.4f s/frame (batched PyTorch %s, same frames)%n", (double) m.get("torch_seconds_per_frame"), m.get("torch_version"));
                out.printf("ratio  %.2fx (torch / ours); largest map difference vs torch: %.2g of the map's max%n", (double) m.get("ratio"),
                        (double) m.get("max_relative_difference_vs_torch"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void torch(Map<String, Object> m, List<float[]> inputs, List<float[]> states, List<float[]> ourMaps, double ours)
            throws IOException, InterruptedException {
        String home = System.getProperty("atari.home", ".");
        Path deps = Path.of(home, ".deps", "torch");
        if (!Files.isDirectory(deps.resolve("torch"))) {
            throw new UserFacingException("the batched PyTorch baseline needs torch in " + deps + ": run ./atari-saliency setup --bench (or pass --no-torch)");
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
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--agent", agent.toAbsolutePath().toString(),
                    "--inputs", dir.resolve("inputs.npy").toString(), "--states", dir.resolve("states.npy").toString(),
                    "--stride", Integer.toString(stride), "--radius", Double.toString(radius), "--threads", Integer.toString(threads),
                    "--warmup", Integer.toString(warmup), "--out", outDir.toString());
            pb.environment().put("PYTHONPATH", deps.toString());
            pb.redirectErrorStream(false);
            if (!common.quiet) {
                spec.commandLine().getErr().print("torch: running the batched PyTorch baseline ...");
                spec.commandLine().getErr().flush();
            }
            Process proc = pb.start();
            String stdout = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(600, TimeUnit.SECONDS) || proc.exitValue() != 0) {
                throw new UserFacingException("the PyTorch baseline failed: " + stderr.strip().lines().reduce((a, b) -> b).orElse("no output"));
            }
            if (!common.quiet) {
                spec.commandLine().getErr().print("\r" + " ".repeat(50) + "\r");
                spec.commandLine().getErr().flush();
            }
            // the script times all frames after its own warm-up passes; we compare the same timed frames
            List<Double> per = numbers(stdout, "per_frame");
            double[] timed = per.subList(Math.min(warmup, per.size() - 1), per.size()).stream().mapToDouble(Double::doubleValue).toArray();
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
                    float o = theirs[(warmup + i) * cells + k];
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

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static List<Double> numbers(String json, String key) {
        Matcher mt = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!mt.find()) {
            throw new UserFacingException("the PyTorch baseline printed no " + key + ": " + json.strip());
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
