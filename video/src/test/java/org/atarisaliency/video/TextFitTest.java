package org.atarisaliency.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class TextFitTest {
    private static Graphics2D graphics() {
        Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        return g;
    }

    @Test
    void aLineThatFitsStaysOneLine() {
        Graphics2D g = graphics();
        String[] lines = TextFit.wrapTwo(g, "step 3  score 1", 1000);
        assertEquals("step 3  score 1", lines[0]);
        assertEquals("", lines[1]);
    }

    @Test
    void aLongFooterBreaksAtItsBarAndBothLinesFit() {
        Graphics2D g = graphics();
        String s = "Breakout-v4  step 150  reference action NOOP  |  blue: actor, red: critic, one absolute scale for all";
        int width = g.getFontMetrics().stringWidth("Breakout-v4  step 150  reference action NOOP") + 20;
        String[] lines = TextFit.wrapTwo(g, s, width);
        assertEquals("Breakout-v4  step 150  reference action NOOP", lines[0]);
        assertTrue(lines[1].startsWith("blue: actor"), lines[1]);
        assertTrue(g.getFontMetrics().stringWidth(lines[1]) <= width, lines[1]);
    }

    @Test
    void withoutABarItBreaksAtTheLastSpaceThatFits() {
        Graphics2D g = graphics();
        String s = "alpha beta gamma delta epsilon";
        int width = g.getFontMetrics().stringWidth("alpha beta gamma") + 2;
        String[] lines = TextFit.wrapTwo(g, s, width);
        assertEquals("alpha beta gamma", lines[0]);
        assertEquals("delta epsilon", lines[1]);
    }
}
