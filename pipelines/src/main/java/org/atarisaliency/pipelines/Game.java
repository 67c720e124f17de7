package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.agents.sb3.NatureCnnPolicy;
import org.atarisaliency.agents.sb3.RecurrentPpoPolicy;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.GameVariant;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.RomLocator;

/**
 * A game resolved to its ROM file, optionally with the hint strip of the paper's overfit/control
 * agents on every frame: what every pipeline plays.
 *
 * @param spec    the game id with its frame skip and sticky actions
 * @param rom     the ROM file
 * @param hints   "off", "random", or "expert:FILE" (the hinted action is that agent's greedy choice on the unmarked frame)
 */
public record Game(GameSpec spec, Path rom, String hints) {

    public Game {
        if (!hints.equals("off") && !hints.equals("random") && !(hints.startsWith("expert:") && hints.length() > 7)) {
            throw new InvalidSettingException("hints", "must be off, random or expert:AGENT-FILE, got '" + hints + "'");
        }
    }

    /** The game without hints. */
    public Game(GameSpec spec, Path rom) {
        this(spec, rom, "off");
    }

    /**
     * The game {@code id} names (a ROM stem or a gym id, {@link GameIds#resolve}) with its ROM file from
     * $ATARI_ROMS_DIR, the checkout or ale-py ({@link RomLocator#standard}), without hints: the one
     * resolution of a game id that commands, experiment plans and study builds share.
     */
    public static Game find(String id) {
        return find(id, null, UnaryOperator.identity());
    }

    /**
     * {@link #find(String)} with the ROM file {@code rom} instead of the search when it is not null (the
     * game id then gives only the frame skip and sticky actions), and {@code settings} applied to the
     * resolved game before its ROM is looked for.
     */
    public static Game find(String id, Path rom, UnaryOperator<GameSpec> settings) {
        RomLocator roms = RomLocator.standard(rom);
        GameSpec spec;
        if (rom != null) {
            spec = GameIds.resolve(id, List.of());
            spec = new GameSpec(spec.id(), RomLocator.stem(rom), spec.frameSkipMin(), spec.frameSkipMax(), spec.repeatActionProbability());
        } else {
            spec = GameIds.resolve(id, roms.availableRoms());
        }
        spec = settings.apply(spec);
        return new Game(spec, roms.find(spec.rom()));
    }

    /** This game with the variants {@code text} names ({@link GameSpec#withVariants}; "none" for the game as published). */
    public Game withVariants(String text) {
        return new Game(spec.withVariants(text), rom, hints);
    }

    /** This game with the hint strip {@code hints} ("off", "random" or "expert:FILE"). */
    public Game withHints(String hints) {
        return new Game(spec, rom, hints);
    }

    /**
     * This game as {@code agent} was trained to see it ({@link #asTrained}); a file that does not load is left to
     * say so, with its own message, where it is loaded to play.
     *
     * @throws GameMismatchException when the game id is not how the agent was trained
     */
    public Game forAgent(Path agent) {
        if (agent == null) {
            return this;
        }
        GameSpec trained;
        try (Policy p = Agents.loadPolicy(agent, -1)) {
            trained = asTrained(spec, p, agent);
        } catch (GameMismatchException e) {
            throw e;
        } catch (Exception e) {
            return this;
        }
        return trained.equals(spec) ? this : new Game(trained, rom, hints);
    }

    /**
     * The settings {@code policy} (loaded from {@code agent}) plays {@code spec} with: the one rule of every
     * command, experiment job and study build that plays.
     * <ul>
     *   <li>Stable-Baselines3 / RL Zoo and CleanRL agents (the Nature-CNN family, recurrent PPO included) learn on {@code {Game}NoFrameskip-v4}
     *   through SB3's AtariWrapper: a frame skip of 4 with the max of the last two screens, and its {@code FireResetEnv}
     *   (on a game with FIRE every episode starts with the agent steps FIRE then action 2, {@link AtariEnv#reset()}).
     *   A game without a frame skip of its own (NoFrameskip, or a skip of 1) is played with both, so that a greedy SB3
     *   agent plays the actions of SB3's {@code predict(obs, deterministic=True)} on {@code make_atari_env(id,
     *   wrapper_kwargs=dict(noop_max=0, terminal_on_life_loss=False))} (SB3's random no-op starts,
     *   {@link GameSpec#withNoopReset}, and its episode end at a lost life are not applied). An id with a skip of its
     *   own ({@code Pong-v4}, {@code pong}, {@code PongDeterministic-v4}, {@code ALE/Pong-v5}) is refused: the wrapper
     *   on top of it would skip 4 x its skip.</li>
     *   <li>A bundled agent (its JSON names the game it was trained on) is refused on a game whose frame skip lies
     *   outside the one it was trained with (the A3C agents, trained on {@code Pong-v4}'s 2-4, on a NoFrameskip id).</li>
     *   <li>Any other agent: the game as given (its file does not say how it was trained).</li>
     * </ul>
     *
     * @throws GameMismatchException when the game id is not how the agent was trained, naming the id to use
     */
    public static GameSpec asTrained(GameSpec spec, Policy policy, Path agent) throws java.io.IOException {
        if (policy instanceof NatureCnnPolicy || policy instanceof RecurrentPpoPolicy) {
            if (spec.maxPoolLastTwo()) {
                return spec;
            }
            if (spec.frameSkipMax() == 1) {
                return spec.withMaxPooledSkip(4).withFireReset(true);
            }
            String use = GameIds.gymNameOf(spec.rom()) + "NoFrameskip-v4";
            String library = policy.describe().startsWith("CleanRL") ? "CleanRL" : "Stable-Baselines3";
            throw new GameMismatchException(spec.id(), library + " Atari agents learn on " + use + " through SB3's AtariWrapper"
                    + " (a frame skip of 4 with the max of the last two screens, FIRE at reset), which is applied only to a game"
                    + " without a frame skip of its own, and " + spec.id() + " skips " + spec.frameSkipText() + " frames per step", use);
        }
        BundledAgents.Bundled b = agent == null ? null : BundledAgents.of(agent);
        if (b != null) {
            GameSpec trained = GameIds.resolve(b.game(), List.of());
            if (spec.frameSkipMax() < trained.frameSkipMin() || spec.frameSkipMin() > trained.frameSkipMax()) {
                throw new GameMismatchException(spec.id(), "the bundled agent " + b.name() + " was trained on " + b.game() + ", a frame skip of "
                        + trained.frameSkipText() + ", and " + spec.id() + " skips " + spec.frameSkipText(), b.game());
            }
        }
        return spec;
    }

    /** Opens the game's opening for a run with {@code seed} ({@link Rollout#openGame}). */
    public AtariEnv open(long seed) {
        return Rollout.openGame(spec, rom, seed);
    }

    /** The game's minimal action count (opens the emulator once). */
    public int actionCount() {
        try (AtariEnv env = open(0)) {
            return env.actionCount();
        }
    }

    /** Whether frames carry the hint strip. */
    public boolean hinted() {
        return !hints.equals("off");
    }

    /**
     * The hint source of one rollout (episode index {@code episode} of a run with {@code seed}), or
     * null without hints; the caller closes it.
     */
    public HintSource hintSource(long seed, int episode, int actions) throws IOException {
        if (hints.equals("off")) {
            return null;
        }
        if (hints.equals("random")) {
            return HintSource.random(actions, seed, episode);
        }
        return HintSource.expert(Agents.loadPolicy(expert(), actions));
    }

    /** The expert's file of "expert:FILE" hints. */
    public Path expert() {
        return Path.of(hints.substring("expert:".length()));
    }

    /**
     * id, rom (its file name: provenance names no path of this machine), rom_md5, frame_skip, repeat_action_probability, episode_start
     * when SB3's reset steps are on, variant (the names, comma-separated) when the game is played with variants, and hints with the
     * expert's sha256 when on: an output whose settings do not declare the variant (an imitation's training) still names the game played.
     */
    public Map<String, Object> provenance() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("game", spec.id());
        m.put("rom", rom.getFileName().toString());
        m.put("rom_md5", Checksums.md5(rom));
        m.put("frame_skip", spec.frameSkipText());
        m.put("repeat_action_probability", (double) spec.repeatActionProbability());
        if (spec.resetText() != null) {
            m.put("episode_start", spec.resetText());
        }
        if (!spec.variants().isEmpty()) {
            m.put(SharedSettings.VARIANT.key(), String.join(",", spec.variants().stream().map(GameVariant::name).toList()));
        }
        if (hinted()) {
            m.put("hints", hints);
            if (hints.startsWith("expert:")) {
                m.put("hints_expert_sha256", Checksums.sha256(expert()));
            }
        }
        return m;
    }
}
