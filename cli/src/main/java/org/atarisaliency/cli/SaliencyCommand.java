package org.atarisaliency.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.Npy;
import org.atarisaliency.saliency.JacobianMap;
import org.atarisaliency.saliency.JacobianSaliency;
import org.atarisaliency.saliency.MemoryMap;
import org.atarisaliency.saliency.MemoryRequest;
import org.atarisaliency.saliency.MemorySaliency;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saliency}: the maps of one frame, as NPY files. */
@Command(name = "saliency", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Perturbation saliency of one frame (Greydanus et al. 2018), written as",
            "float32 NPY files: actor.npy, critic.npy (score grids, ceil(80/d) per side),",
            "actor_80.npy, critic_80.npy (upsampled to 80x80), chosen.npy, chosen_80.npy",
            "(chosen-action log-probability score), input.npy (the preprocessed frame),",
            "run.json, and memory saliency: memory.json, memory_units_<part>.npy (per-",
            "unit actor scores)."})
public final class SaliencyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", required = true, paramLabel = "FILE", description = "Agent checkpoint.")
    Path agent;

    @Option(names = "--frame", required = true, paramLabel = "FRAME.npy", description = "RGB frame, uint8 210x160x3 (NPY).")
    Path frame;

    @Option(names = "--state", paramLabel = "STATE.npy",
            description = "Recurrent state after the previous step, float32: [256] or [1,256] for a GRU (h); [2,256] for an LSTM (h, c). Zeros when absent.")
    Path state;

    @Option(names = "--stride", defaultValue = "5", description = "Grid spacing d in pixels (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--radius", defaultValue = "5", description = "Mask radius: Gaussian sigma r (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--blur", defaultValue = "3", description = "Sigma of the blur the mask blends in (default: ${DEFAULT-VALUE}).")
    double blur;

    @Option(names = "--mode", defaultValue = "occlude", paramLabel = "occlude|searchlight",
            description = "occlude blurs the masked region; searchlight blurs everything else (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--method", defaultValue = "perturbation", paramLabel = "perturbation|jacobian",
            description = {"perturbation: Greydanus et al.'s blur perturbation (default);",
                "jacobian: gradients through SameDiff autodiff at 80x80: actor = 0.5*sum_a (dlogit_a/dI)^2, critic = |dV/dI|, chosen = |dlogit_a/dI| of the greedy action."})
    String method;

    @Option(names = "--batch", defaultValue = "257", description = "Images per forward pass on the batched path (bounds memory; default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--memory-scale", defaultValue = "0.99",
            description = "Memory saliency (memory.json, memory_units_<part>.npy): the state is multiplied by this (default: ${DEFAULT-VALUE}, the paper's 1% decrease); removal and noise are reported too.")
    double memoryScale;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (!method.equals("perturbation") && !method.equals("jacobian")) {
            throw new IllegalArgumentException("unknown --method '" + method + "'; available: perturbation, jacobian");
        }
        PerturbationMode m = PerturbationMode.parse(mode);
        byte[] rgb = NpyInputs.frame(frame);
        long start = System.nanoTime();
        try (Policy policy = Agents.loadPolicy(agent, -1); PerturbationSaliency engine = new PerturbationSaliency(policy)) {
            RecurrentState st = NpyInputs.state(state, policy);
            float[] input = new float[policy.preprocessor().length()];
            policy.preprocessor().apply(rgb, input, 0);
            SaliencyRequest req = new SaliencyRequest(input, st, stride, radius, blur, m, batch);
            Files.createDirectories(out);
            int g, s = policy.inputSize();
            int action;
            float value;
            float[] logitsOut;
            if (method.equals("jacobian")) {
                try (JacobianSaliency jac = new JacobianSaliency(policy)) {
                    JacobianMap jm = jac.compute(req);
                    g = s;
                    for (String suffix : new String[] {"", "_80"}) {
                        Npy.writeFloat32(out.resolve("actor" + suffix + ".npy"), jm.allLogits(), s, s);
                        Npy.writeFloat32(out.resolve("critic" + suffix + ".npy"), jm.critic(), s, s);
                        Npy.writeFloat32(out.resolve("chosen" + suffix + ".npy"), jm.chosen(), s, s);
                    }
                    action = jm.action();
                }
                var o = policy.forward(input, st);
                value = o.values()[0];
                logitsOut = o.logits();
            } else {
                SaliencyMap map = engine.compute(req);
                g = map.grid();
                Npy.writeFloat32(out.resolve("actor.npy"), map.actor(), g, g);
                Npy.writeFloat32(out.resolve("critic.npy"), map.critic(), g, g);
                Npy.writeFloat32(out.resolve("chosen.npy"), map.chosen(), g, g);
                Npy.writeFloat32(out.resolve("actor_80.npy"), map.actorUpsampled(), s, s);
                Npy.writeFloat32(out.resolve("critic_80.npy"), map.criticUpsampled(), s, s);
                Npy.writeFloat32(out.resolve("chosen_80.npy"), map.chosenUpsampled(), s, s);
                action = map.action();
                value = map.output().values()[0];
                logitsOut = map.output().logits();
            }
            Npy.writeFloat32(out.resolve("input.npy"), input, s, s);
            Map<String, Object> memory = new LinkedHashMap<>();
            if (!policy.stateNames().isEmpty()) {
                MemoryMap mm = new MemorySaliency(policy).compute(MemoryRequest.of(input, st).withScale(memoryScale));
                memory.put("scale", memoryScale);
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
                    Npy.writeFloat32(out.resolve("memory_units_" + part.name() + ".npy"), part.unitActor(), part.unitActor().length);
                }
                Provenance.writeJson(out.resolve("memory.json"), memory);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> run = Provenance.base(agent);
            run.put("command", "saliency");
            run.put("frame", frame.toString());
            run.put("state", state == null ? null : state.toString());
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("method", method);
            settings.put("stride", stride);
            settings.put("radius", radius);
            settings.put("blur", blur);
            settings.put("mode", m.name().toLowerCase());
            settings.put("grid", g);
            settings.put("engine", engine.incremental() ? "incremental" : "batched");
            settings.put("preprocessing", policy.preprocessor().describe());
            run.put("settings", settings);
            run.put("action", action);
            run.put("value", (double) value);
            List<Double> logits = new ArrayList<>();
            for (float v : logitsOut) {
                logits.add((double) v);
            }
            run.put("logits", logits);
            run.put("seconds", seconds);
            Provenance.writeJson(out.resolve("run.json"), run);
            if (!common.quiet) {
                spec.commandLine().getErr().printf("wrote %s: %s, %dx%d grid (d=%d, r=%s, %s), %.2f s%n", out, method, g, g, stride, radius,
                        m.name().toLowerCase(), seconds);
                spec.commandLine().getErr().flush();
            }
        }
        return ExitCodes.OK;
    }
}
