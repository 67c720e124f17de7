package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.FrameSaliency;
import org.atarisaliency.pipelines.MapMethod;
import org.atarisaliency.pipelines.MapMethods;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;
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
public final class SaliencyCommand implements Callable<Integer>, DeclaresSettings {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    AgentOptions agent;

    @Option(names = "--frame", required = true, paramLabel = "FRAME.npy", description = "RGB frame, uint8 210x160x3 (NPY).")
    Path frame;

    @Option(names = "--state", paramLabel = "STATE.npy",
            description = "Recurrent state after the previous step, float32: [256] or [1,256] for a GRU (h); [2,256] for an LSTM (h, c); any shape holding the parts `info` lists, one after another. Zeros when absent.")
    Path state;

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
    public Declaration declaration() {
        return FrameSaliency.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        SettingValues values = DeclaredOptions.values(spec, FrameSaliency.DECLARATION);
        MapMethod method = MapMethods.get(values.get(FrameSaliency.METHOD));
        UnappliedOptions.refuse(spec, "with --method " + method.name() + " (its maps do not use it)",
                FrameSaliency.unapplied(method).stream().map(DeclaredOptions::flag).toArray(String[]::new));
        if (!hints.equals("random")) {
            UnappliedOptions.refuse(spec, "without --hints random (it draws the random hint, nothing else)", "--seed");
        }
        Path agentFile = agent.file(null);
        AgentOptions.refuseMemoryScaleWithoutMemory(spec, agentFile);
        FrameSaliency.Settings s = new FrameSaliency.Settings(agentFile, frame, state, values, out.out,
                org.atarisaliency.pipelines.BundledAgents.resolveHints(hints), seed.seed);
        byte[] rgb = NpyInputs.frame(frame);
        FrameSaliency.Result r = FrameSaliency.run(s, rgb, policy -> NpyInputs.state(state, policy));
        if (!common.quiet) {
            Map<String, Object> applied = method.provenance(values);
            String how = applied.isEmpty() ? "" : applied.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ", " (", ")"));
            spec.commandLine().getErr().printf("wrote %s: %s, %dx%d grid%s, %.2f s%n", out.out, method.name(), r.grid(), r.grid(), how, r.seconds());
            spec.commandLine().getErr().flush();
        }
        return ExitCodes.OK;
    }
}
