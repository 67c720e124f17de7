package org.atarisaliency.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code info}: what an agent file contains. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Describe an agent (PyTorch checkpoint or RL4J/DL4J model zip): network, input, memory, actions, checksum.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    AgentOptions agent;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Path file = agent.file(null);
        try (Policy p = Agents.loadPolicy(file, -1)) {
            var out = spec.commandLine().getOut();
            out.printf("file           %s%nsha256         %s%nnetwork        %s%ninput          %d x %d x %d per step%n"
                            + "memory         %s%nactions        %d%npreprocessing  %s%n",
                    file, Agents.sha256(file), p.describe(), p.inputChannels(), p.inputSize(), p.inputSize(),
                    memory(p),
                    p.actionCount(), p.preprocessor().describe());
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The state parts and their units, e.g. "h, c (256 each)" or "frames (21168), h (256), c (256)". */
    static String memory(Policy p) {
        List<String> names = p.stateNames();
        List<Integer> sizes = p.stateSizes();
        if (names.isEmpty()) {
            return "none";
        }
        if (sizes.stream().distinct().count() == 1) {
            return String.join(", ", names) + " (" + sizes.get(0) + " each)";
        }
        List<String> each = new java.util.ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            each.add(names.get(k) + " (" + sizes.get(k) + ")");
        }
        return String.join(", ", each);
    }
}
