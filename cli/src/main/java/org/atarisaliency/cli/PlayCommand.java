package org.atarisaliency.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** A command that plays an agent in a game: {@code --agent} and the game options come first in its help. */
abstract class PlayCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    AgentOptions agent;

    @Mixin
    GameOptions game;
}
