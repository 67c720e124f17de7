package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.env.Hints;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.Npy;
import org.atarisaliency.saliency.MemoryMap;
import org.atarisaliency.saliency.MemoryRequest;
import org.atarisaliency.saliency.MemorySaliency;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * The maps of one frame by one {@link MapMethod}, as float32 NPY files: actor.npy, critic.npy, chosen.npy (score
 * grids; the full input size for a method without a grid), actor_80.npy, critic_80.npy, chosen_80.npy (at the input
 * size), the method's own files ({@link MapMethod.FrameMaps#writeExtras}); input.npy, memory.json with
 * memory_units_PART.npy (memory saliency), and run.json. Everything is renamed into place together when complete.
 */
public final class FrameSaliency {
    /** The map method ({@link MapMethods}). */
    public static final Setting<String> METHOD = Setting.choice("method", MapMethods.byDefault().name(), MapMethods.names(), MapMethods.help());
    /** Every setting of one frame's maps, in the order help and provenance list them: the method, every method's settings, memory saliency's. */
    public static final Declaration DECLARATION = Declaration.of(METHOD).plus(MapMethods.frameSettings())
            .plus(SharedSettings.MEMORY_SCALE.withHelp("Memory saliency (memory.json, memory_units_<part>.npy): "
                    + "the state is multiplied by this (the paper's 1 percent decrease); removal and noise are reported too"));

    /**
     * What to explain: the agent, the frame and state files (for provenance), the {@link #DECLARATION}'s settings, the output
     * folder, the hint strip (off, random, expert:AGENT or an action number) and the seed of a random hint.
     */
    public record Settings(Path agent, Path frame, Path state, SettingValues values, Path out, String hints, long seed) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            for (Setting<?> u : unapplied(MapMethods.get(values.get(METHOD)))) {
                if (!values.get(u).equals(u.defaultValue())) {
                    throw new InvalidSettingException(u.key(), "is not applied by " + values.get(METHOD) + " maps", Setting.text(u.defaultValue()));
                }
            }
            if (!hints.equals("off") && !hints.equals("random") && !hints.matches("\\d+") && !(hints.startsWith("expert:") && hints.length() > 7)) {
                throw new InvalidSettingException("hints", "must be off, random, expert:AGENT or an action number, got '" + hints + "'");
            }
        }

        /** Without the hint strip. */
        public Settings(Path agent, Path frame, Path state, SettingValues values, Path out) {
            this(agent, frame, state, values, out, "off", 0);
        }

        /** The map method. */
        public MapMethod method() {
            return MapMethods.get(values.get(METHOD));
        }

        public double memoryScale() {
            return values.number(SharedSettings.MEMORY_SCALE);
        }

        /**
         * The settings part of run.json (the grid and engine are added once known): every setting {@code policy}'s run
         * applies (its method's settings alone; memory saliency only runs for an agent with memory).
         */
        public Map<String, Object> provenance(Policy policy) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(METHOD.key(), values.get(METHOD));
            m.putAll(method().provenance(values));
            if (!policy.stateNames().isEmpty()) {
                m.put(SharedSettings.MEMORY_SCALE.key(), memoryScale());
            }
            return m;
        }
    }

    /** The settings of {@link #DECLARATION} that another method applies and {@code method} does not. */
    public static List<Setting<?>> unapplied(MapMethod method) {
        List<Setting<?>> out = new ArrayList<>(List.of(MapMethods.frameSettings()));
        out.removeIf(x -> method.frameDeclaration().setting(x.key()) != null);
        return out;
    }

    /** Reads the recurrent state once the agent (and so its state's shape) is known. */
    public interface StateReader {
        RecurrentState read(Policy policy) throws IOException;
    }

    /** What was written. */
    public record Result(String method, int grid, double seconds) {
    }

    private FrameSaliency() {
    }

    /** Explains {@code rgb} (210x160x3) from the state {@code state} reads. */
    public static Result run(Settings s, byte[] rgb, StateReader state) throws Exception {
        long start = System.nanoTime();
        try (Policy policy = Agents.loadPolicy(s.agent(), -1);
             MapMethod.Maker maker = s.method().open(policy, s.values())) {
            return run(s, policy, maker, rgb, state, start);
        }
    }

    /**
     * {@link #run(Settings, byte[], StateReader)} with the agent {@code s} names already loaded as {@code policy} and
     * its method opened on it as {@code maker} (for {@code s}'s settings): the same outputs, for a caller that explains
     * many frames of one agent (the Python package) without loading it for each.
     */
    public static Result run(Settings s, Policy policy, MapMethod.Maker maker, byte[] rgb, StateReader state) throws Exception {
        return run(s, policy, maker, rgb, state, System.nanoTime());
    }

    private static Result run(Settings s, Policy policy, MapMethod.Maker maker, byte[] rgb, StateReader state, long start) throws Exception {
        try (RunFolder out = RunFolder.in(s.out())) {
            RecurrentState st = state.read(policy);
            Explained e = explain(s, policy, maker, rgb, st);
            Integer hinted = e.hinted();
            float[] input = e.input();
            MapMethod.FrameMaps maps = e.maps();
            int g = maps.grid(), size = policy.inputSize();
            writeMaps(out, "", g, maps.actor(), maps.critic(), maps.chosen());
            writeMaps(out, "_80", size, maps.actorFull(), maps.criticFull(), maps.chosenFull());
            maps.writeExtras(out, size);
            int action = maps.action();
            PolicyOutput output = maps.output();
            Npy.writeFloat32(out.file(out.resolve("input.npy")), input, size, size);
            if (!policy.stateNames().isEmpty()) {
                out.json(out.resolve("memory.json"), memory(policy, input, st, s.memoryScale(), out));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> settings = s.provenance(policy);
            settings.put("grid", g);
            settings.putAll(maker.engine());
            settings.put("preprocessing", policy.preprocessor().describe());
            // a frame from a file: no game is played
            Map<String, Object> run = Provenance.document("saliency", s.agent(), null, settings);
            run.put("frame", s.frame().toString());
            run.put("state", s.state() == null ? null : s.state().toString());
            if (hinted != null) {
                run.put("hints", s.hints());
                if (s.hints().startsWith("expert:")) {
                    run.put("hints_expert_sha256", Checksums.sha256(Path.of(s.hints().substring(7))));
                }
                run.put("hinted_action", hinted);
                if (s.hints().equals("random")) {
                    run.put("seed", s.seed()); // what drew the hint; the other hints use no seed
                }
            }
            run.put("action", action);
            run.put("value", (double) output.values()[0]);
            List<Double> logits = new ArrayList<>();
            for (float v : output.logits()) {
                logits.add((double) v);
            }
            run.put("logits", logits);
            run.put("seconds", seconds);
            out.json(out.resolve("run.json"), run);
            out.commit();
            return new Result(s.method().name(), g, seconds);
        }
    }

    /** A frame explained: the agent's input (input.npy), its maps, and the action the hint strip lit (null: no strip). */
    public record Explained(float[] input, MapMethod.FrameMaps maps, Integer hinted) {
    }

    /**
     * The maps {@link #run} writes for {@code rgb} from {@code st}, in memory: the hint strip {@code s} asks for drawn
     * first, the frame preprocessed for {@code policy}, explained by {@code maker} (open on {@code policy} for {@code s}'s
     * settings); a state with a non-finite value is refused.
     */
    public static Explained explain(Settings s, Policy policy, MapMethod.Maker maker, byte[] rgb, RecurrentState st) throws Exception {
        checkFinite(st);
        Integer hinted = null;
        if (!s.hints().equals("off")) {
            hinted = hintedAction(s, rgb, policy.actionCount());
            rgb = rgb.clone();
            Hints.draw(rgb, hinted, policy.actionCount());
        }
        float[] input = new float[policy.preprocessor().length()];
        policy.preprocessor().apply(rgb, input, 0);
        return new Explained(input, maker.explain(input, st), hinted);
    }

    /** actor, critic and chosen (+ {@code suffix}).npy, each side x side. */
    private static void writeMaps(RunFolder out, String suffix, int side, float[] actor, float[] critic, float[] chosen) throws IOException {
        Npy.writeFloat32(out.file(out.resolve("actor" + suffix + ".npy")), actor, side, side);
        Npy.writeFloat32(out.file(out.resolve("critic" + suffix + ".npy")), critic, side, side);
        Npy.writeFloat32(out.file(out.resolve("chosen" + suffix + ".npy")), chosen, side, side);
    }

    /**
     * The action the strip lights: a given number; a uniformly random one (the seed's first hint,
     * as episode 0 of a rollout draws it); or the expert's greedy action on the unmarked frame from
     * its zero memory.
     */
    static int hintedAction(Settings s, byte[] rgb, int actions) throws IOException {
        if (s.hints().matches("\\d+")) {
            int a = Integer.parseInt(s.hints());
            if (a >= actions) {
                throw new InvalidSettingException("hints", "action " + a + " is not in 0.." + (actions - 1) + " (the agent has " + actions + " actions)");
            }
            return a;
        }
        if (s.hints().equals("random")) {
            return HintSource.random(actions, s.seed(), 0).hint(rgb);
        }
        try (Policy expert = Agents.loadPolicy(Path.of(s.hints().substring(7)), actions)) {
            float[] x = new float[expert.preprocessor().length()];
            expert.preprocessor().apply(rgb, x, 0);
            return expert.forward(x, expert.initialState(1)).greedyAction(0);
        }
    }

    private static Map<String, Object> memory(Policy policy, float[] input, RecurrentState st, double scale, RunFolder out) throws IOException {
        Map<String, Object> memory = new LinkedHashMap<>();
        MemoryMap mm = new MemorySaliency(policy).compute(MemoryRequest.of(input, st).withScale(scale));
        memory.put("scale", scale);
        for (MemoryMap.Part part : mm.parts()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("scale_actor", part.scaleActor());
            pm.put("scale_critic", part.scaleCritic());
            pm.put("remove_actor", part.removeActor());
            pm.put("remove_critic", part.removeCritic());
            pm.put("noise_actor", part.noiseActor());
            pm.put("noise_critic", part.noiseCritic());
            List<Object> top = new ArrayList<>();
            for (int u : part.topUnits(10)) {
                Map<String, Object> um = new LinkedHashMap<>();
                um.put("unit", u);
                um.put("actor", (double) part.unitActor()[u]);
                um.put("critic", (double) part.unitCritic()[u]);
                top.add(um);
            }
            pm.put("top_units", top);
            memory.put(part.name(), pm);
            Npy.writeFloat32(out.file(out.resolve("memory_units_" + part.name() + ".npy")), part.unitActor(), part.unitActor().length);
        }
        return memory;
    }

    /** A state with NaN or infinite values would give NaN maps: refused. */
    private static void checkFinite(RecurrentState st) {
        for (int k = 0; k < st.parts().size(); k++) {
            float[] p = st.parts().get(k);
            for (int i = 0; i < p.length; i++) {
                if (!Float.isFinite(p[i])) {
                    throw new InvalidSettingException("state", "has a non-finite value (" + p[i] + ") in part '" + st.names().get(k) + "' at unit " + i
                            + "; pass a state of finite numbers");
                }
            }
        }
    }
}
