package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.FrameSaliency;
import org.atarisaliency.pipelines.Perturbation;
import org.atarisaliency.saliency.PerturbTarget;
import org.atarisaliency.saliency.PerturbationMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saliency}: the maps of one frame, as NPY files. */
@Command(name = "saliency", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Perturbation saliency of one frame (Greydanus et al. 2018), as NPY files.",
            "Written as float32: actor.npy, critic.npy (score grids, ceil(80/d) per",
            "side), actor_80.npy, critic_80.npy (upsampled to 80x80), chosen.npy,",
            "chosen_80.npy (chosen-action log-probability score), input.npy (the",
            "preprocessed frame), run.json, and memory saliency: memory.json,",
            "memory_units_<part>.npy (per-unit actor scores)."})
public final class SaliencyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    AgentOptions agent;

    @Option(names = "--frame", required = true, paramLabel = "FRAME.npy", description = "RGB frame, uint8 210x160x3 (NPY).")
    Path frame;

    @Option(names = "--state", paramLabel = "STATE.npy",
            description = "Recurrent state after the previous step, float32: [256] or [1,256] for a GRU (h); [2,256] for an LSTM (h, c). Zeros when absent.")
    Path state;

    @Mixin
    SaliencyOptions saliency;

    @Option(names = "--blur", defaultValue = "3", description = "Sigma of the blur the mask blends in (default: ${DEFAULT-VALUE}).")
    double blur;

    @Option(names = "--mode", defaultValue = "occlude", paramLabel = "occlude|searchlight",
            description = "occlude blurs the masked region; searchlight blurs everything else (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--perturb", defaultValue = "newest", paramLabel = "newest|stack",
            description = {"For agents that see a stack of frames (RL4J, SB3 / CleanRL): perturb the newest frame only (default), or every",
                "frame of the stack with the same mask (each blended with its own blur); refused for agents without a frame stack. Maps lie on the newest frame."})
    String perturb;

    @Option(names = "--method", defaultValue = "perturbation", paramLabel = "perturbation|jacobian",
            description = {"perturbation: Greydanus et al.'s blur perturbation (default);",
                "jacobian: gradients through SameDiff autodiff at 80x80: actor = 0.5*sum_a (dlogit_a/dI)^2, critic = |dV/dI|, chosen = |dlogit_a/dI| of the greedy action."})
    String method;

    @Option(names = "--batch", defaultValue = "257", description = "Images per forward pass on the batched path (bounds memory; default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--memory-scale", defaultValue = "0.99",
            description = "Memory saliency (memory.json, memory_units_<part>.npy): the state is multiplied by this (default: ${DEFAULT-VALUE}, the paper's 1%% decrease); removal and noise are reported too.")
    double memoryScale;

    @Option(names = "--hints", defaultValue = "off", paramLabel = "off|random|expert:AGENT|N",
            description = {"Draw the hint strip of the paper's overfit/control agents on the frame first (rows 37-40, one mark per action):",
                "action N lit, a random action (from --seed), or the greedy action of AGENT (a file or a bundled name) on the unmarked frame",
                "(default: ${DEFAULT-VALUE})."})
    String hints;

    @Mixin
    SeedOptions seed;

    @Mixin
    OutputOptions out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (!method.equals("perturbation") && !method.equals("jacobian")) {
            throw new IllegalArgumentException("unknown --method '" + method + "'; available: perturbation, jacobian");
        }
        if (method.equals("jacobian")) {
            UnappliedOptions.refuse(spec, "with --method jacobian (gradients at every input pixel: no grid, mask, blur or batches)",
                    "--stride", "--radius", "--blur", "--mode", "--batch");
        }
        if (!hints.equals("random")) {
            UnappliedOptions.refuse(spec, "without --hints random (it draws the random hint, nothing else)", "--seed");
        }
        Path agentFile = agent.file(null);
        AgentOptions.refuseMemoryScaleWithoutMemory(spec, agentFile);
        PerturbationMode m = PerturbationMode.parse(mode);
        FrameSaliency.Settings s = new FrameSaliency.Settings(agentFile, frame, state, method.equals("jacobian"),
                new Perturbation(saliency.stride, saliency.radius, blur, m, PerturbTarget.parse(perturb)), batch, memoryScale, out.out,
                org.atarisaliency.pipelines.BundledAgents.resolveHints(hints), seed.seed);
        byte[] rgb = NpyInputs.frame(frame);
        FrameSaliency.Result r = FrameSaliency.run(s, rgb, policy -> NpyInputs.state(state, policy));
        if (!common.quiet) {
            spec.commandLine().getErr().printf("wrote %s: %s, %dx%d grid (d=%d, r=%s, %s), %.2f s%n", out.out, method, r.grid(), r.grid(),
                    saliency.stride, saliency.radius, m.name().toLowerCase(), r.seconds());
            spec.commandLine().getErr().flush();
        }
        return ExitCodes.OK;
    }
}
