package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pong's variants ({@link PongVariants}) on real frames: each takes on every agent step of whole episodes
 * (random play on Pong-v4, at least 2,000 steps), the same check finds the published game breaking it,
 * unknown names are refused, and a replay from a restored state plays the variant identically.
 */
class PongVariantsTest {
    private static final int MIN_STEPS = 2000;

    /** One agent step: the RAM before and after it and the frame after it. */
    private record Seen(byte[] before, byte[] after, byte[] frame) {
    }

    private interface Check {
        /** Whether this step breaks the variant's promise. */
        boolean broken(Seen s);
    }

    private static GameSpec pong(String variants) {
        RomLocator loc = TestRoms.locator();
        return GameIds.resolve("Pong-v4", loc.availableRoms()).withVariants(variants);
    }

    /** Violations of {@code check} over whole episodes of seeded random play, at least {@link #MIN_STEPS} steps; {steps, broken}. */
    private static int[] play(String variants, Check check) {
        GameSpec spec = pong(variants);
        Random r = new Random(7);
        int steps = 0, broken = 0;
        try (AtariEnv env = AtariEnv.open(spec, TestRoms.rom("pong"), 3, 0)) {
            while (steps < MIN_STEPS || !env.gameOver()) {
                if (env.gameOver()) {
                    env.reset();
                }
                byte[] before = env.ram();
                env.step(r.nextInt(env.actionCount()));
                steps++;
                if (check.broken(new Seen(before, env.ram(), env.frame()))) {
                    broken++;
                }
            }
        }
        return new int[] {steps, broken};
    }

    private static void assertTakes(String variant, Check check) {
        int[] plain = play("none", check);
        assertTrue(plain[1] > 0, "the published game breaks " + variant + "'s check on some step (else the check proves nothing)");
        int[] varied = play(variant, check);
        assertTrue(varied[0] >= MIN_STEPS);
        assertEquals(0, varied[1], variant + " broken on " + varied[1] + " of " + varied[0] + " steps");
    }

    private static int u(byte[] ram, int i) {
        return ram[i] & 0xff;
    }

    private static boolean towardPlayer(byte[] ram) {
        return ram[54] != 0 && ram[58] < 0;
    }

    /** The enemy paddle's drawn top row, or -1 when it is not wholly in the playfield. */
    private static int enemyTop(byte[] frame) {
        int[] b = GameObjectsTest.find(frame, GameObjectsTest.PONG_ORANGE, 34, 194, 16, 20);
        return b == null || b[1] - b[0] + 1 != 16 ? -1 : b[0];
    }

    /** Whether the ball came into play in this step: the game draws that frame with the enemy moved (9 rows). */
    private static boolean served(Seen s) {
        return s.before()[54] == 0 && s.after()[54] != 0;
    }

    /** Drawn within 3 rows of where the RAM puts it (the game's move within the last frame, undone after it). */
    private static boolean drawnNear(byte[] frame, int ramY) {
        int top = enemyTop(frame);
        return top < 0 || Math.abs(top - (ramY - 15)) <= 3;
    }

    @Test
    void lazyEnemyStopsWhileTheBallFliesTowardThePlayer() {
        assertTakes("lazy_enemy", s -> towardPlayer(s.before()) && towardPlayer(s.after())
                && (u(s.after(), 50) != u(s.before(), 50) || !drawnNear(s.frame(), u(s.after(), 50))));
        // and it still plays: the enemy moves while the ball flies its way
        int[] moves = play("lazy_enemy", s -> u(s.after(), 50) != u(s.before(), 50));
        assertTrue(moves[1] > moves[0] / 10, "the lazy enemy moved on " + moves[1] + " of " + moves[0] + " steps");
    }

    @Test
    void frozenEnemyStaysInTheMiddle() {
        assertTakes("frozen_enemy", s -> u(s.after(), 50) != PongVariants.MIDDLE || !served(s) && !drawnNear(s.frame(), PongVariants.MIDDLE));
    }

    @Test
    void hiddenEnemyIsNeverDrawnInThePlayfield() {
        assertTakes("hidden_enemy", s -> !served(s) && GameObjectsTest.find(s.frame(), GameObjectsTest.PONG_ORANGE, 34, 194, 0, 160) != null);
    }

    @Test
    void straightBallNeverChangesItsHeight() {
        assertTakes("straight_ball", s -> s.before()[54] != 0 && s.after()[54] != 0 && u(s.after(), 54) != u(s.before(), 54));
    }

    @Test
    void unknownVariantsAndGamesWithoutThemAreRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> pong("lazy_enemy,slow_enemy"));
        assertTrue(e.getMessage().contains("'slow_enemy' is not a variant of pong")
                && e.getMessage().contains("lazy_enemy, frozen_enemy, hidden_enemy, straight_ball"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        GameSpec breakout = GameIds.resolve("Breakout-v4", TestRoms.locator().availableRoms());
        assertThrows(InvalidSettingException.class, () -> breakout.withVariants("lazy_enemy"));
        assertThrows(InvalidSettingException.class, () -> GameVariants.check("lazy_enemy,,straight_ball"));
        assertThrows(InvalidSettingException.class, () -> GameVariants.check("no_such_variant"));
        GameVariants.check("none");
        GameVariants.check("lazy_enemy, straight_ball");
        assertEquals(List.of(), pong("none").variants());
        assertEquals(List.of("lazy_enemy", "straight_ball"), pong("lazy_enemy,straight_ball").variants().stream().map(GameVariant::name).toList());
    }

    /**
     * {@link GameVariant#holds} tells the truth: an enemy moved by 8 rows (as {@code intervene} moves it) is back where the
     * variant holds it after one step under the variants that hold it, and stays moved under those that do not (as long as the game's
     * own enemy, which follows the ball, lets it).
     */
    @Test
    void aHeldObjectsMoveIsUndoneAndAnotherStays() {
        for (GameVariant v : PongVariants.ALL) {
            try (AtariEnv env = AtariEnv.open(pong(v.name()), TestRoms.rom("pong"), 5, 0)) {
                for (int i = 0; i < 60; i++) {
                    env.step(0);
                }
                int moved = 0, runs = 0;
                for (int i = 0; i < 40; i++) {
                    try (EnvState s = env.cloneState()) {
                        env.step(0);
                        int control = u(env.ram(), 50);
                        env.restoreState(s);
                        GameObjects.move(env, "pong", "enemy", "y", 8);
                        env.step(0);
                        moved += Math.abs(u(env.ram(), 50) - control - 8) <= 1 ? 1 : 0;
                        runs++;
                        env.restoreState(s);
                    }
                    env.step(0);
                }
                boolean held = v.holds().contains("enemy");
                assertTrue(held ? moved == 0 : moved > 0, v.name() + ": the move stayed on " + moved + " of " + runs + " steps");
            }
        }
    }

    /** A replay from a restored state sees every frame's RAM and screen as the first play did, variant included. */
    @Test
    void variantsSurviveCloneAndRestore() {
        for (String variant : List.of("lazy_enemy", "frozen_enemy", "straight_ball")) {
            VariantRuns.assertReplaysIdentically("Pong-v4", variant);
        }
    }
}
