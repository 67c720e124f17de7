package org.atarisaliency.cli;

import java.nio.file.Path;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.pipelines.BundledAgents;
import org.atarisaliency.pipelines.Game;
import picocli.CommandLine.Option;

/** Choosing a game and overriding its settings. */
public final class GameOptions {
    @Option(names = "--game", required = true, paramLabel = "ID",
            description = "Game: an ALE name (pong, breakout, space_invaders, any ROM stem) or a gym id (Pong-v4, PongNoFrameskip-v4, PongDeterministic-v4, ALE/Pong-v5).")
    String game;

    @Option(names = "--rom", paramLabel = "FILE", description = "ROM file to use instead of searching $ATARI_ROMS_DIR and ale-py.")
    Path rom;

    @Option(names = "--frame-skip", paramLabel = "K|MIN-MAX", description = "Override the game id's frame skip: a number, or a range drawn per step (e.g. 2-4).")
    String frameSkip;

    @Option(names = "--sticky", paramLabel = "P", description = "Override repeat_action_probability (sticky actions), 0..1.")
    Float sticky;

    @Option(names = "--hints", paramLabel = "off|random|expert:AGENT",
            description = "The hint strip of the paper's overfit/control agents on every frame (rows 37-40, a mark per action, the hinted one"
                    + " bright): random actions, or the greedy action of AGENT (a file or a bundled agent's name) on the unmarked frame"
                    + " (default: off; for a bundled overfit/control agent, the hints it was trained with).")
    String hints;

    /** The --hints text, "off" when not given. */
    String hintsOrOff() {
        return hints == null ? "off" : hints;
    }

    /** Resolves the game without hints unless --hints is given. */
    public Game resolve() throws java.io.IOException {
        return resolve(null);
    }

    /**
     * Resolves the game for {@code agent}: without --hints, a bundled agent that was trained with
     * hints plays with them (its JSON's "hints"); expert hints may name a bundled agent. The game is
     * played as {@code agent} was trained to see it, or refused ({@link Game#forAgent}).
     */
    public Game resolve(Path agent) throws java.io.IOException {
        return game(BundledAgents.resolveHints(hints != null ? hints : agent != null ? BundledAgents.hintsOf(agent) : "off")).forAgent(agent);
    }

    private Game game(String h) {
        return Game.find(game, rom, this::withOverrides).withHints(h);
    }

    /** {@code spec} with --frame-skip and --sticky when given. */
    private GameSpec withOverrides(GameSpec spec) {
        if (frameSkip != null) {
            String[] p = frameSkip.split("-");
            try {
                spec = p.length == 1 ? spec.withFrameSkip(Integer.parseInt(p[0].trim()))
                        : spec.withFrameSkip(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--frame-skip must be a number or a range like 2-4, got '" + frameSkip + "'");
            }
        }
        if (sticky != null) {
            spec = spec.withRepeatActionProbability(sticky);
        }
        return spec;
    }
}
