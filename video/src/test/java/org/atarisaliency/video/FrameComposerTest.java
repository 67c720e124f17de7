package org.atarisaliency.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.ScreenRegion;
import org.junit.jupiter.api.Test;

/** Maps are drawn over the part of the screen the agent's observation covers, whatever their size. */
class FrameComposerTest {

    private static FrameInfo frame(float[] actor, int size, ScreenRegion region) {
        return new FrameInfo(new byte[210 * 160 * 3], actor, null, size, region, 1.0, 1.0, 0, 0, 3, 0, List.of("NOOP", "FIRE"),
                new double[] {0.5, 0.5}, 0, 0.1, new double[0], new double[0], new double[0], "t");
    }

    /** Rows and columns of the screen where blue was added. */
    private static int[] blueBox(int[] screen) {
        int y0 = 210, y1 = -1, x0 = 160, x1 = -1;
        for (int y = 0; y < 210; y++) {
            for (int x = 0; x < 160; x++) {
                if ((screen[y * 160 + x] & 0xff) > 0) {
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                }
            }
        }
        return new int[] {y0, y1, x0, x1};
    }

    @Test
    void a3cMapsCoverRows35To194() {
        float[] full = new float[80 * 80];
        java.util.Arrays.fill(full, 1f);
        int[] box = blueBox(new FrameComposer(1).overlay(frame(full, 80, ScreenRegion.A3C)));
        assertEquals(35, box[0]);
        assertEquals(194, box[1]);
        assertEquals(0, box[2]);
        assertEquals(159, box[3]);
    }

    @Test
    void aFrameStackAgentsMapsCoverItsOwnRegion() {
        float[] map = new float[84 * 84];
        map[0] = 1f; // the top-left corner of the observation
        ScreenRegion top = new ScreenRegion(0, 0, 160, 160);
        int[] box = blueBox(new FrameComposer(1).overlay(frame(map, 84, top)));
        assertTrue(box[0] == 0 && box[2] == 0, "the corner is drawn at the screen's corner: " + java.util.Arrays.toString(box));
        assertTrue(box[1] < 10 && box[3] < 10, java.util.Arrays.toString(box));
    }

    @Test
    void theVideoSizeFollowsTheScale() {
        FrameComposer c = new FrameComposer(2);
        assertEquals((160 + 110) * 2, c.width());
        assertEquals(210 * 2, c.height());
        assertEquals(c.width() * c.height(), c.compose(frame(null, 80, ScreenRegion.A3C)).length);
    }

    @Test
    void aBlendStyleKeepsTheMapsColourOverTheGame() {
        float[] full = new float[80 * 80];
        java.util.Arrays.fill(full, 1f);
        byte[] orange = new byte[210 * 160 * 3];
        for (int i = 0; i < 210 * 160; i++) {
            orange[3 * i] = (byte) 144;
            orange[3 * i + 1] = (byte) 72;
            orange[3 * i + 2] = 17;
        }
        FrameInfo f = new FrameInfo(orange, full, null, 80, ScreenRegion.A3C, 1.0, 1.0, 0, 0, 3, 0, List.of("NOOP", "FIRE"),
                new double[] {0.5, 0.5}, 0, 0.1, new double[0], new double[0], new double[0], "t");
        int p = new FrameComposer(1, OverlayStyle.parse("actor=#0000ff,opacity=0.5")).overlay(f)[100 * 160 + 80];
        // halfway from Pong's orange to pure blue; the paper's style adds blue to the orange instead (purple)
        assertEquals(72, (p >> 16) & 0xff);
        assertEquals(36, (p >> 8) & 0xff);
        assertEquals(136, p & 0xff);
        int q = new FrameComposer(1).overlay(f)[100 * 160 + 80];
        assertEquals(0x9048ff, q);
        int top = new FrameComposer(1, OverlayStyle.parse("actor=#0000ff")).overlay(f)[10 * 160 + 80];
        assertEquals(0x904811, top, "outside the observation nothing changes");
    }

    /**
     * The default overlay keeps actor and critic apart where both are strong (a blue fill inside, amber lines
     * at the critic's contours) and leaves an object (a green paddle on Pong's brown) green.
     */
    @Test
    void theReadableOverlayKeepsMapsApartAndObjectsInTheirColours() {
        byte[] rgb = new byte[210 * 160 * 3];
        for (int i = 0; i < 210 * 160; i++) {
            boolean paddle = i / 160 >= 100 && i / 160 < 116 && i % 160 >= 140 && i % 160 < 144;
            rgb[3 * i] = (byte) (paddle ? 92 : 144);
            rgb[3 * i + 1] = (byte) (paddle ? 186 : 72);
            rgb[3 * i + 2] = (byte) (paddle ? 92 : 17);
        }
        float[] actor = new float[80 * 80], critic = new float[80 * 80];
        java.util.Arrays.fill(actor, 1f);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 80; x++) {
                critic[y * 80 + x] = Math.hypot(x - 40, y - 40) < 20 ? 1f : 0f; // a disc in the middle of the map
            }
        }
        FrameInfo f = new FrameInfo(rgb, actor, critic, 80, ScreenRegion.A3C, 1.0, 1.0, 0, 0, 3, 0, List.of("NOOP"), new double[] {1}, 0, 0,
                new double[0], new double[0], new double[0], "t");
        int[] screen = new FrameComposer(1, OverlayStyle.READABLE).overlay(f);
        int inside = screen[(35 + 80) * 160 + 80];
        assertTrue((inside & 0xff) > 150 && (inside >> 16 & 0xff) < 100, "the middle of the overlap is blue: " + Integer.toHexString(inside));
        int lines = 0;
        for (int x = 0; x < 160; x++) {
            int p = screen[(35 + 80) * 160 + x];
            lines += (p >> 16 & 0xff) > 200 && (p & 0xff) < 120 ? 1 : 0;
        }
        assertTrue(lines >= 2, "amber contour lines cross the row through the disc: " + lines);
        int paddle = screen[108 * 160 + 141];
        assertTrue((paddle >> 8 & 0xff) > (paddle & 0xff) && (paddle >> 8 & 0xff) > (paddle >> 16 & 0xff),
                "the paddle stays green under the fill: " + Integer.toHexString(paddle));
        int paper = new FrameComposer(1).overlay(f)[(35 + 80) * 160 + 80];
        assertTrue((paper >> 16 & 0xff) == 255 && (paper & 0xff) == 255, "the paper's picture adds both into magenta: " + Integer.toHexString(paper));
    }

    @Test
    void theValueAxisHasRoundTicks() {
        ValueAxis a = ValueAxis.of(new double[] {0.13, 0.37, 0.2});
        assertEquals(List.of("0.1", "0.2", "0.3", "0.4"), java.util.Arrays.stream(a.ticks()).mapToObj(a::format).toList());
        ValueAxis b = ValueAxis.of(new double[] {-0.07, 0.35});
        assertEquals(List.of("-0.2", "0.0", "0.2", "0.4"), java.util.Arrays.stream(b.ticks()).mapToObj(b::format).toList());
        ValueAxis c = ValueAxis.of(new double[] {4.6, 5.9});
        assertEquals(List.of("4.5", "5.0", "5.5", "6.0"), java.util.Arrays.stream(c.ticks()).mapToObj(c::format).toList());
    }

    @Test
    void aScoreIsOutlinedInItsPlayersColour() {
        assertEquals(FrameComposer.objectColour("player"), FrameComposer.objectColour("player_score"));
        assertEquals(FrameComposer.objectColour("enemy"), FrameComposer.objectColour("enemy_score"));
    }

    @Test
    void overlayStylesParseOrSayWhatIsWrong() {
        assertEquals(OverlayStyle.PAPER, OverlayStyle.parse("paper"));
        OverlayStyle s = OverlayStyle.parse("actor=#00FF00,critic=#ff00ff,opacity=0.8");
        assertEquals(0x00ff00, s.actor());
        assertEquals(0xff00ff, s.critic());
        assertEquals("actor=#00ff00,critic=#ff00ff,opacity=0.8", s.describe());
        for (String bad : List.of("blue", "actor=#12345", "actor=#00ff00,glow=1", "opacity=2")) {
            org.atarisaliency.env.InvalidSettingException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.atarisaliency.env.InvalidSettingException.class, () -> OverlayStyle.parse(bad));
            assertEquals("overlay_colors", e.setting(), bad);
        }
    }

    private static FrameInfo withObjects(float[] actor, List<GameObjects.GameObject> objects) {
        byte[] grey = new byte[210 * 160 * 3];
        java.util.Arrays.fill(grey, (byte) 40);
        return new FrameInfo(grey, actor, null, 80, ScreenRegion.A3C, IntensityScale.paperScore(true, 1.0, IntensityScale.FIXED),
                IntensityScale.paperScore(false, 1.0, IntensityScale.FIXED), 0, 0, 3, 0, List.of("NOOP", "FIRE"),
                new double[] {0.5, 0.5}, 0, 0.1, new double[0], new double[0], new double[0], "t", objects);
    }

    /** A box's outline lies just outside its scaled pixels (its inner ring 1 px outside), over the saliency, in the object's colour; the sprite inside is untouched. */
    @Test
    void objectBoxesAreOutlinedAtTheScaledScreenPosition() {
        float[] full = new float[80 * 80];
        java.util.Arrays.fill(full, 1f);
        int s = 3;
        FrameComposer c = new FrameComposer(s);
        // Pong's player paddle: rows 100..115, columns 140..143
        GameObjects.Box b = new GameObjects.Box(100, 140, 16, 4);
        int[] px = c.compose(withObjects(full, List.of(new GameObjects.GameObject("player", b), new GameObjects.GameObject("ball", null))));
        int w = c.width(), colour = FrameComposer.objectColour("player");
        int top = b.top() * s - 1, bottom = (b.top() + b.height()) * s, left = b.left() * s - 1, right = (b.left() + b.width()) * s;
        for (int x = left; x <= right; x++) {
            assertEquals(colour, px[top * w + x], "top edge at x " + x);
            assertEquals(colour, px[bottom * w + x], "bottom edge at x " + x);
        }
        for (int y = top; y <= bottom; y++) {
            assertEquals(colour, px[y * w + left], "left edge at y " + y);
            assertEquals(colour, px[y * w + right], "right edge at y " + y);
        }
        assertEquals(0x2828ff, px[(b.top() * s) * w + b.left() * s], "the sprite's own pixels keep the screen with its saliency");
        assertEquals(colour, px[(bottom + 1) * w + right + 1], "at scale 2 and more the outline is 2 px wide (whole 4:2:0 chroma blocks)");
        assertEquals(colour, px[(top - 1) * w + left - 1]);
        assertEquals(0x2828ff, px[(bottom + 2) * w + right + 2], "nothing beyond the outline");
        // without objects, the same frame has no outline
        int[] plain = new FrameComposer(s).compose(withObjects(full, List.of()));
        assertEquals(0x2828ff, plain[top * w + left]);
    }

    @Test
    void boxesAtTheEdgeAreClippedToTheGameScreenAndColoursAreStable() {
        FrameComposer c = new FrameComposer(2);
        // a box running off the right edge of the screen: its outline must not reach into the panel
        int[] px = c.compose(withObjects(null, List.of(new GameObjects.GameObject("score", new GameObjects.Box(0, 150, 10, 20)))));
        int w = c.width();
        int colour = FrameComposer.objectColour("score");
        assertEquals(colour, px[(10 * 2) * w + 150 * 2 - 1], "bottom-left corner");
        assertEquals(colour, px[(10 * 2) * w + 160 * 2 - 1], "the bottom edge runs to the screen's last column");
        assertTrue(px[(10 * 2) * w + 160 * 2] != colour, "nothing drawn in the panel");
        assertEquals(FrameComposer.objectColour("bricks"), FrameComposer.objectColour("bricks"));
        assertTrue(FrameComposer.objectColour("ball") != FrameComposer.objectColour("enemy"));
    }
}
