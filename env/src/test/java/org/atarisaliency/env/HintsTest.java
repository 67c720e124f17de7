package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hint strip, pixel by pixel, on a real Pong frame. */
class HintsTest {
    private static byte[] pong;

    @BeforeAll
    static void pongFrame() {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        try (AtariEnv env = AtariEnv.open(spec, loc.find(spec.rom()), 4, 0)) {
            Random r = new Random(4);
            for (int t = 0; t < 80; t++) {
                env.step(r.nextInt(env.actionCount()));
            }
            pong = env.frame();
        }
        // the strip's pixels are not already the marks' greys, so every mark is a change
        for (int i = 0; i < Hints.MAX_ACTIONS; i++) {
            for (int y = 37; y <= 40; y++) {
                int g = pong[(y * 160 + 72 + 5 * i) * 3] & 0xff;
                assertFalse(g == 50 || g == 250, "Pong pixel (" + y + ", " + (72 + 5 * i) + ") is already " + g);
            }
        }
    }

    @ParameterizedTest(name = "action {0} of {1}")
    @CsvSource({"0, 6", "2, 6", "5, 6", "3, 4", "0, 1", "17, 18", "9, 18"})
    void marksEveryActionAndChangesNothingElse(int hinted, int actions) {
        byte[] frame = pong.clone();
        Hints.draw(frame, hinted, actions);
        int marks = 0;
        for (int y = 0; y < 210; y++) {
            for (int x = 0; x < 160; x++) {
                int i = (x - 72) / 5;
                boolean mark = y >= 37 && y <= 40 && x >= 72 && (x - 72) % 5 == 0 && i < actions;
                for (int c = 0; c < 3; c++) {
                    int p = (y * 160 + x) * 3 + c;
                    if (mark) {
                        assertEquals(i == hinted ? 250 : 50, frame[p] & 0xff, "mark pixel (" + y + ", " + x + ") channel " + c);
                    } else {
                        assertEquals(pong[p], frame[p], "pixel (" + y + ", " + x + ") channel " + c + " changed");
                    }
                }
                marks += mark ? 1 : 0;
            }
        }
        assertEquals(4 * actions, marks);
    }

    @Test
    void sixActionsUseColumns72To97() {
        byte[] frame = pong.clone();
        Hints.draw(frame, 4, 6);
        int[] lit = {50, 50, 50, 50, 250, 50};
        for (int i = 0; i < 6; i++) {
            assertEquals(72 + 5 * i, Hints.column(i));
            for (int y = 37; y <= 40; y++) {
                int p = (y * 160 + 72 + 5 * i) * 3;
                assertArrayEquals(new byte[] {(byte) lit[i], (byte) lit[i], (byte) lit[i]}, Arrays.copyOfRange(frame, p, p + 3));
            }
        }
        assertEquals(18, Hints.MAX_ACTIONS);
    }

    @Test
    void redrawingMovesTheHint() {
        byte[] once = pong.clone(), twice = pong.clone();
        Hints.draw(once, 1, 6);
        Hints.draw(twice, 3, 6);
        Hints.draw(twice, 1, 6);
        assertArrayEquals(once, twice);
    }

    /** The marks reach the A3C observation: each hinted action gives another 80x80 input. */
    @Test
    void everyHintedActionGivesADistinctObservation() {
        float[][] obs = new float[7][80 * 80];
        FramePreprocessor.A3C.apply(pong, obs[6], 0);
        for (int a = 0; a < 6; a++) {
            byte[] frame = pong.clone();
            Hints.draw(frame, a, 6);
            FramePreprocessor.A3C.apply(frame, obs[a], 0);
        }
        for (int a = 0; a < obs.length; a++) {
            for (int b = a + 1; b < obs.length; b++) {
                assertFalse(Arrays.equals(obs[a], obs[b]), "observations " + a + " and " + b + " are equal");
            }
        }
    }

    @Test
    void refusesActionsOutOfRangeAndStripsThatDoNotFit() {
        byte[] frame = pong.clone();
        assertThrows(IllegalArgumentException.class, () -> Hints.draw(frame, -1, 6));
        assertThrows(IllegalArgumentException.class, () -> Hints.draw(frame, 6, 6));
        assertThrows(IllegalArgumentException.class, () -> Hints.draw(frame, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Hints.draw(frame, 0, 19)); // column 162 > 159
        assertThrows(IllegalArgumentException.class, () -> Hints.draw(frame, 18, 19));
        assertThrows(IllegalArgumentException.class, () -> Hints.draw(new byte[AtariEnv.FRAME_BYTES - 1], 0, 6));
        assertArrayEquals(pong, frame, "a refused call draws nothing");
    }
}
