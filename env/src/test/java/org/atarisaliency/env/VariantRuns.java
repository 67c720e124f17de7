package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plays a game with and without a variant on real frames, for whole episodes of at least {@link #MIN_STEPS} agent steps,
 * and counts the steps that break a variant's check: the variant must take on every step, and the published game must
 * break the same check on some step (else the check proves nothing). Used by the variant tests of each game.
 */
final class VariantRuns {
    static final int MIN_STEPS = 2000;

    private VariantRuns() {
    }

    /** One agent step: the RAM and lives before and after it, and the frame after it. */
    record Seen(byte[] before, byte[] after, int livesBefore, int livesAfter, byte[] frame) {
        boolean lifeLost() {
            return livesAfter < livesBefore;
        }
    }

    interface Check {
        /** Whether this step breaks the variant's promise. */
        boolean broken(Seen s);
    }

    interface Policy {
        /** The action index to take, given the RAM. */
        int action(byte[] ram, Random r, int actionCount);
    }

    /** What a run saw: agent steps, steps breaking the check, lives lost, and the summed reward. */
    record Run(int steps, int broken, int livesLost, double reward) {
    }

    static GameSpec spec(String id, String variants) {
        return GameIds.resolve(id, TestRoms.locator().availableRoms()).withVariants(variants);
    }

    /** Whole episodes of seeded play of game {@code id} under {@code variants}, at least {@link #MIN_STEPS} steps. */
    static Run play(String id, String variants, Policy policy, Check check) {
        GameSpec spec = spec(id, variants);
        Random r = new Random(7);
        int steps = 0, broken = 0, livesLost = 0;
        double reward = 0;
        try (AtariEnv env = AtariEnv.open(spec, TestRoms.rom(spec.rom()), 3, 0)) {
            while (steps < MIN_STEPS || !env.gameOver()) {
                if (env.gameOver()) {
                    env.reset();
                }
                byte[] before = env.ram();
                int lives = env.lives();
                reward += env.step(policy.action(before, r, env.actionCount())).reward();
                steps++;
                Seen s = new Seen(before, env.ram(), lives, env.lives(), env.frame());
                livesLost += s.lifeLost() ? 1 : 0;
                broken += check.broken(s) ? 1 : 0;
            }
        }
        return new Run(steps, broken, livesLost, reward);
    }

    /**
     * The published game breaks {@code check} on some step and {@code variant} on none, over whole episodes; the game
     * still plays under the variant (it scores and loses lives). Returns the variant's run.
     */
    static Run assertTakes(String id, String variant, Policy policy, Check check) {
        Run plain = play(id, "none", policy, check);
        assertTrue(plain.broken() > 0, "the published game breaks " + variant + "'s check on some step (else the check proves nothing)");
        Run varied = play(id, variant, policy, check);
        assertTrue(varied.steps() >= MIN_STEPS);
        assertTrue(varied.broken() == 0, variant + " broken on " + varied.broken() + " of " + varied.steps() + " steps");
        assertTrue(varied.reward() > 0 && varied.livesLost() > 0, variant + ": the game still plays: " + varied);
        System.out.println(id + " " + variant + ": published " + plain + ", variant " + varied);
        return varied;
    }

    /** A replay from a restored state sees every step's RAM and screen as the first play did, {@code variant} included. */
    static void assertReplaysIdentically(String id, String variant) {
        GameSpec spec = spec(id, variant);
        try (AtariEnv env = AtariEnv.open(spec, TestRoms.rom(spec.rom()), 5, 0)) {
            Random r = new Random(11);
            for (int i = 0; i < 300; i++) {
                env.step(r.nextInt(env.actionCount()));
            }
            List<Integer> actions = new ArrayList<>();
            List<byte[]> ram = new ArrayList<>(), frames = new ArrayList<>();
            try (EnvState s = env.cloneState()) {
                for (int i = 0; i < 200 && !env.gameOver(); i++) {
                    actions.add(r.nextInt(env.actionCount()));
                    env.step(actions.get(i));
                    ram.add(env.ram());
                    frames.add(env.frame());
                }
                for (int i = 0; i < 50; i++) {
                    env.step(r.nextInt(env.actionCount()));
                }
                env.restoreState(s);
                for (int i = 0; i < actions.size(); i++) {
                    env.step(actions.get(i));
                    assertArrayEquals(ram.get(i), env.ram(), variant + ": RAM after replayed step " + i);
                    assertArrayEquals(frames.get(i), env.frame(), variant + ": frame after replayed step " + i);
                }
            }
        }
    }
}
