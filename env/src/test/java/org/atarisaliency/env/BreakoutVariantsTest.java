package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Breakout's variants ({@link BreakoutVariants}) on real frames: each takes on every agent step of whole episodes of
 * tracker play on Breakout-v4 (at least 2,000 steps), the same check finds the published game breaking it, and the game
 * still scores and loses lives under it ({@link VariantRuns}).
 */
class BreakoutVariantsTest {
    private static final String GAME = "Breakout-v4";
    private static final VariantRuns.Policy TRACKER = (ram, r, n) -> GameObjectsTest.breakoutTracker(ram, r);
    /** The playfield's columns between the side walls (the red at 152..159 in the paddle rows is the wall). */
    private static final int LEFT = 8, RIGHT = 152;

    /** Whether the ball's box (RAM y + 9, 4 rows) reaches row 180 or lower, near the paddle rows 189..192. */
    private static boolean ballLow(byte[] ram) {
        return ram[101] != 0 && (ram[101] & 0xff) + 9 + 4 > 180;
    }

    /**
     * The drawn paddle's width: the red columns in rows 189..192, or -1 when it cannot be measured cleanly (no paddle,
     * at a side wall, or not one unbroken run).
     */
    private static int paddleWidth(byte[] f) {
        int[] b = GameObjectsTest.find(f, GameObjectsTest.BREAKOUT_RED, 189, 193, LEFT, RIGHT);
        if (b == null || b[2] == LEFT || b[3] == RIGHT - 1) {
            return -1;
        }
        for (int x = b[2]; x <= b[3]; x++) {
            if (GameObjectsTest.find(f, GameObjectsTest.BREAKOUT_RED, 189, 193, x, x + 1) == null) {
                return -1;
            }
        }
        return b[3] - b[2] + 1;
    }

    /** Whether any pixel between the side walls below the bricks (rows 93..195) is not black. */
    private static boolean anythingBelowTheBricks(byte[] f) {
        for (int y = 93; y < 196; y++) {
            for (int x = LEFT; x < RIGHT; x++) {
                int i = (y * 160 + x) * 3;
                if ((f[i] | f[i + 1] | f[i + 2]) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void smallPaddleIsTwelvePixelsWide() {
        VariantRuns.assertTakes(GAME, "small_paddle", TRACKER, s -> {
            int w = paddleWidth(s.frame());
            return w >= 0 && w != BreakoutVariants.SMALL_PADDLE && !s.lifeLost() && !ballLow(s.before()) && !ballLow(s.after());
        });
        // and the check measured the paddle on most steps (it is not excused away)
        VariantRuns.Run measured = VariantRuns.play(GAME, "small_paddle", TRACKER, s -> paddleWidth(s.frame()) == BreakoutVariants.SMALL_PADDLE);
        System.out.println("small_paddle measured at 12 px on " + measured);
        assertTrue(measured.broken() > measured.steps() / 2, "12 pixels measured on " + measured.broken() + " of " + measured.steps() + " steps");
    }

    @Test
    void hiddenPaddleBallDrawsNothingBelowTheBricks() {
        VariantRuns.assertTakes(GAME, "hidden_paddle_ball", TRACKER, s -> anythingBelowTheBricks(s.frame()));
    }

    @Test
    void breakoutListsItsVariants() {
        assertEquals(List.of("small_paddle", "hidden_paddle_ball"),
                GameModels.require("breakout").variants().stream().map(GameVariant::name).toList());
    }

    @Test
    void variantsSurviveCloneAndRestore() {
        for (String variant : List.of("small_paddle", "hidden_paddle_ball")) {
            VariantRuns.assertReplaysIdentically(GAME, variant);
        }
    }
}
