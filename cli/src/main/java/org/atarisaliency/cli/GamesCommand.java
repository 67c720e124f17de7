package org.atarisaliency.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.atarisaliency.env.GameModel;
import org.atarisaliency.env.GameModels;
import org.atarisaliency.env.GameVariant;
import org.atarisaliency.env.RomLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code games}: the ROMs found; with {@code --variants}, each game's variants. */
@Command(name = "games", mixinStandardHelpOptions = true, description = "List the games whose ROMs were found (ALE names; gym ids like Pong-v4 map onto them).")
public final class GamesCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--variants", description = "List each game's variants (written through the console RAM) with what they do and how they were verified")
    boolean variants;

    @Override
    public Integer call() {
        if (variants) {
            return listVariants();
        }
        List<String> roms = RomLocator.standard(null).availableRoms();
        var out = spec.commandLine().getOut();
        if (roms.isEmpty()) {
            throw new UserFacingException("no ROMs found; " + RomLocator.INSTALL_HINT);
        }
        roms.forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }

    /** Each game with an object model, then its variants: name, what it does, how it was verified. */
    private Integer listVariants() {
        var out = spec.commandLine().getOut();
        for (String rom : GameModels.roms()) {
            GameModel m = GameModels.require(rom);
            out.println(rom + (m.variants().isEmpty() ? ": no variants" : ":"));
            for (GameVariant v : m.variants()) {
                out.println("  " + v.name() + ": " + v.description());
                out.println("    verified: " + v.verified());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
