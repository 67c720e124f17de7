package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code info}: what an agent file contains. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Describe an agent checkpoint: architecture, actions, checksum.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", required = true, paramLabel = "FILE", description = "Agent checkpoint.")
    Path agent;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        ActorCriticWeights w = Agents.readWeights(agent);
        var out = spec.commandLine().getOut();
        out.printf("file      %s%nsha256    %s%nnetwork   4 x conv 3x3/2 (%d->%d->%d->%d->%d channels) + %s %d + critic + actor%n"
                        + "input     %d x %d x %d%nactions   %d%n",
                agent, Agents.sha256(agent), w.convChannels()[0], w.convChannels()[1], w.convChannels()[2], w.convChannels()[3],
                w.convChannels()[4], w.cell(), w.hidden(), w.inputChannels(), w.inputSize(), w.inputSize(), w.actions());
        out.flush();
        return ExitCodes.OK;
    }
}
