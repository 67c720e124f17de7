package org.atarisaliency.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

class ScreenPictureTest {
    private static final int W = 480, H = 630;

    @Test
    void aLabelGoesLeftOfAnObjectWhereItFits() {
        Rectangle pong = new Rectangle(420, 300, 20, 60);
        Rectangle l = ScreenPicture.labelPlace(pong, 200, 20, 6, W, H, true);
        assertTrue(l.x + l.width <= pong.x, l.toString());
        assertFalse(l.intersects(pong));
    }

    @Test
    void aPaddleNearTheLeftEdgeGetsItsLabelBesideItNotOverIt() {
        // Breakout: the paddle low on the screen and near the left wall; the label is wider than the room on its left
        Rectangle paddle = new Rectangle(140, 560, 60, 20);
        Rectangle l = ScreenPicture.labelPlace(paddle, 260, 24, 6, W, H, true);
        assertFalse(l.intersects(paddle), l.toString());
        assertTrue(l.x >= 0 && l.y >= 0 && l.x + l.width <= W && l.y + l.height <= H, l.toString());
        assertEquals(paddle.x + paddle.width + 6, l.x, "right of it, where it fits");
    }

    @Test
    void aLabelTooWideForEitherSideGoesAboveOrBelow() {
        Rectangle wide = new Rectangle(100, 300, 280, 20);
        Rectangle l = ScreenPicture.labelPlace(wide, 300, 24, 6, W, H, true);
        assertFalse(l.intersects(wide), l.toString());
        assertTrue(l.y + l.height <= wide.y || l.y >= wide.y + wide.height, l.toString());
    }
}
