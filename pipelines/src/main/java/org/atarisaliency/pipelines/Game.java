package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.InvalidSettingException;

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
     * This game as {@code agent} was trained to see it. Stable-Baselines3 / RL Zoo and CleanRL agents (the
     * Nature-CNN family) learn on {@code {Game}NoFrameskip-v4} through SB3's AtariWrapper: a frame skip of 4
     * with the max of the last two screens, and its {@code FireResetEnv}: on a game with FIRE every episode
     * starts with the agent steps FIRE then action 2 ({@link AtariEnv#reset()}). Given an id without a frame
     * skip of its own (NoFrameskip), they play with both, so that a greedy SB3 agent plays the actions of
     * SB3's {@code predict(obs, deterministic=True)} on {@code make_atari_env(id, wrapper_kwargs=dict(noop_max=0,
     * terminal_on_life_loss=False))}: SB3's random no-op starts ({@link GameSpec#withNoopReset}) and its
     * episode end at a lost life are not applied. Any other id (e.g. {@code ALE/Pong-v5}) is played as given.
     * Other agents: unchanged.
     */
    public Game forAgent(Path agent) {
        if (agent == null || spec.frameSkipMax() != 1 || spec.maxPoolLastTwo()) {
            return this;
        }
        try (org.atarisaliency.agents.Policy p = Agents.loadPolicy(agent, -1)) {
            if (p instanceof org.atarisaliency.agents.sb3.NatureCnnPolicy) {
                return new Game(spec.withMaxPooledSkip(4).withFireReset(true), rom, hints);
            }
        } catch (Exception e) {
            // a file that does not load says so, with its own message, where it is loaded to play
        }
        return this;
    }

    /** Opens the game with an emulator seed. */
    public AtariEnv open(int seed) {
        return AtariEnv.open(spec, rom, seed, 0);
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
            return HintSource.random(actions, Seeds.child(seed, "hints", episode));
        }
        return HintSource.expert(Agents.loadPolicy(expert(), actions));
    }

    /** The expert's file of "expert:FILE" hints. */
    public Path expert() {
        return Path.of(hints.substring("expert:".length()));
    }

    /** id, rom, rom_md5, frame_skip, repeat_action_probability, episode_start when SB3's reset steps are on (and hints with the expert's sha256 when on). */
    public Map<String, Object> provenance() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("game", spec.id());
        m.put("rom", rom.toString());
        m.put("rom_md5", Checksums.md5(rom));
        m.put("frame_skip", spec.frameSkipText());
        m.put("repeat_action_probability", (double) spec.repeatActionProbability());
        if (spec.resetText() != null) {
            m.put("episode_start", spec.resetText());
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
