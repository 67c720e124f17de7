package org.atarisaliency.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.atarisaliency.env.RomLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code games}: the ROMs found. */
@Command(name = "games", mixinStandardHelpOptions = true, description = "List the games whose ROMs were found (ALE names; gym ids like Pong-v4 map onto them).")
public final class GamesCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> roms = RomLocator.standard(null).availableRoms();
        var out = spec.commandLine().getOut();
        if (roms.isEmpty()) {
            throw new UserFacingException("no ROMs found; " + RomLocator.INSTALL_HINT);
        }
        roms.forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }
}
