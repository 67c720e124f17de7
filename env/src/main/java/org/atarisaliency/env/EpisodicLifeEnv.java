package org.atarisaliency.env;

/**
 * Stable-Baselines3's {@code EpisodicLifeEnv} (under its {@code FireResetEnv}, as {@code AtariWrapper} and CleanRL's
 * {@code ppo_atari} stack them) over an {@link AtariEnv}: losing a life ends the learner's episode ({@link Step#done()})
 * without ending the game; {@link #reset()} then plays one NOOP step (and, on a game with FIRE, FIRE then action 2)
 * and the game goes on. Only a game over resets the game ({@link AtariEnv#reset()}, with the spec's no-op and fire
 * starts). The real score and length of the running game ({@link #gameScore()}, {@link #gameSteps()}) count every
 * step played, those of the life restarts included, as CleanRL's {@code RecordEpisodeStatistics} (innermost) counts
 * them; the fire steps of a game's own start are dropped as {@link AtariEnv#reset()} drops them (their reward is 0).
 * A game over during a life restart's FIRE steps resets the game with its fire start (SB3 skips that second fire start).
 */
public final class EpisodicLifeEnv implements AutoCloseable {

    /**
     * One agent step.
     *
     * @param reward    the game's reward (unclipped)
     * @param done      the learner's episode ended: a life was lost or the game is over
     * @param gameOver  the game is over (the real episode ended)
     */
    public record Step(double reward, boolean done, boolean gameOver) {
    }

    /** Everything to continue: the emulator's state and the wrapper's counters. */
    public record State(byte[] env, int lives, boolean gameOver, double gameScore, int gameSteps) {
    }

    private final AtariEnv env;
    private int lives;
    private boolean gameOver;
    private double gameScore;
    private int gameSteps;

    /** Wraps an env just opened or reset (at the start of a game). */
    public EpisodicLifeEnv(AtariEnv env) {
        this.env = env;
        this.lives = env.lives();
    }

    /** The wrapped game. */
    public AtariEnv env() {
        return env;
    }

    /** Plays action index {@code a} for one agent step. */
    public Step step(int a) {
        AtariEnv.Step s = env.step(a);
        gameScore += s.reward();
        gameSteps++;
        gameOver = s.gameOver();
        int now = env.lives();
        boolean lifeLost = lifeLost(lives, now);
        lives = now;
        return new Step(s.reward(), gameOver || lifeLost, gameOver);
    }

    /**
     * SB3's life-loss rule: the lives went down from {@code before} to {@code now} and the game has lives left
     * (a drop to 0 is the game over, not a lost life; a game whose lives count up or stay 0 never loses one).
     */
    public static boolean lifeLost(int before, int now) {
        return now > 0 && now < before;
    }

    /** Starts the learner's next episode: a new game after a game over, else the game goes on after a NOOP step (and FIRE, 2). */
    public void reset() {
        if (gameOver || !restartLife()) {
            env.reset();
            gameScore = 0;
            gameSteps = 0;
            gameOver = false;
        }
        lives = env.lives();
    }

    /** The life restart; false when the game ended during it. */
    private boolean restartLife() {
        int[] actions = env.fires() ? new int[] {0, 1, 2} : new int[] {0};
        for (int a : actions) {
            if (step(a).gameOver()) {
                return false;
            }
        }
        return true;
    }

    /** The real score of the running game so far. */
    public double gameScore() {
        return gameScore;
    }

    /** Agent steps of the running game so far. */
    public int gameSteps() {
        return gameSteps;
    }

    /** A snapshot for {@link #restore}. */
    public State snapshot() {
        try (EnvState s = env.cloneState()) {
            return new State(s.toBytes(), lives, gameOver, gameScore, gameSteps);
        }
    }

    /** Continues from a {@link #snapshot()} of this game. */
    public void restore(State s) {
        try (EnvState st = EnvState.fromBytes(s.env())) {
            env.restoreState(st);
        }
        lives = s.lives();
        gameOver = s.gameOver();
        gameScore = s.gameScore();
        gameSteps = s.gameSteps();
    }

    @Override
    public void close() {
        env.close();
    }
}
