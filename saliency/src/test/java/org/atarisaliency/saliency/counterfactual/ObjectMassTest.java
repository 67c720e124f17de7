package org.atarisaliency.saliency.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.ScreenRegion;
import org.junit.jupiter.api.Test;

class ObjectMassTest {

    @Test
    void aBoxInTheA3cCropCoversTheMapPixelsItOverlaps() {
        // A3C: rows 35..194 of the screen onto 80 map rows (2 screen px per map px), columns 160 -> 80
        float[] map = new float[80 * 80];
        map[10 * 80 + 20] = 3; // map pixel (row 10, col 20) = screen rows 55..56, cols 40..41
        map[11 * 80 + 20] = 1;
        map[0] = 4;
        ObjectMass m = ObjectMass.of(map, 80, ScreenRegion.A3C, new GameObjects.Box(55, 40, 4, 2)); // screen rows 55..58 -> map rows 10..11
        assertEquals(4.0, m.mass(), 1e-9);
        assertEquals(2, m.pixels());
        assertEquals(0.5, m.share(), 1e-9);
        assertEquals((4.0 / 2) / (8.0 / 6400), m.density(), 1e-9);
        assertFalse(m.outsideView());
        // mean 2 on the box: 6397 of 6400 pixels lie below it (three are 3, 4 and 2... only 3 and 4 are not below)
        assertEquals(6398 / 6400.0, m.percentile(), 1e-12);
        assertTrue(m.marked());
    }

    @Test
    void anOddBoxTouchesEveryMapPixelItOverlaps() {
        assertEquals(java.util.List.of(10, 12), java.util.List.of(ObjectMass.span(55, 3, 35, 160, 80)[0], ObjectMass.span(55, 3, 35, 160, 80)[1]));
        // clipped at the region's edges
        int[] s = ObjectMass.span(190, 20, 35, 160, 80);
        assertEquals(77, s[0]);
        assertEquals(80, s[1]);
    }

    @Test
    void aBoxOutsideTheViewHasNoMass() {
        float[] map = new float[80 * 80];
        java.util.Arrays.fill(map, 1);
        ObjectMass m = ObjectMass.of(map, 80, ScreenRegion.A3C, new GameObjects.Box(2, 100, 10, 12)); // the score, above the crop
        assertTrue(m.outsideView());
        assertEquals(0, m.mass());
        assertFalse(m.marked());
    }
}
