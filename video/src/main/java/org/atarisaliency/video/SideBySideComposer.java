package org.atarisaliency.video;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;

/**
 * Several agents' saliency on the same frame, side by side: one panel per agent (the screen with
 * actor saliency in blue and critic in red), a label bar above each panel with the agent's action,
 * its probability and the value, and up to two lines below (step, score, legend), wrapped at a space.
 */
public final class SideBySideComposer {
    private static final Color BACKGROUND = new Color(24, 26, 32);
    private static final Color TEXT = new Color(232, 232, 236);
    private static final Color DIM = new Color(150, 154, 166);
    private static final Color AGREE = new Color(120, 220, 140);
    private static final int GAP = 4;

    /** One panel's content. */
    public record Panel(String label, FrameInfo frame, boolean agreesWithReference) {
    }

    private final int panels;
    private final int scale;
    private final int header;
    private final int footer;
    private final int width;
    private final int height;
    private final BufferedImage image;
    private final int[] pixels;
    private final Graphics2D g;
    private final Font big;
    private final Font small;
    private final FrameComposer overlay = new FrameComposer(1);

    public SideBySideComposer(int panels, int scale) {
        if (panels < 1 || scale < 1 || scale > 8) {
            throw new IllegalArgumentException("need at least one panel and a scale in 1..8");
        }
        this.panels = panels;
        this.scale = scale;
        this.big = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, 6 * scale));
        this.small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, 5 * scale));
        this.header = big.getSize() + small.getSize() + 4 * scale + 4;
        this.footer = 2 * (small.getSize() + 2) + 3 * scale + 4;
        int w = panels * 160 * scale + (panels + 1) * GAP;
        int h = header + 210 * scale + footer;
        this.width = w + (w & 1);
        this.height = h + (h & 1);
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The image behind {@link #compose} (for PNG stills). */
    public BufferedImage image() {
        return image;
    }

    /** Composes one frame; returns the packed RGB pixels, reused by the next call. */
    public int[] compose(List<Panel> content, String footerText) {
        if (content.size() != panels) {
            throw new IllegalArgumentException("expected " + panels + " panels, got " + content.size());
        }
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        for (int p = 0; p < panels; p++) {
            Panel panel = content.get(p);
            int x0 = GAP + p * (160 * scale + GAP);
            int[] src = overlay.overlay(panel.frame());
            for (int y = 0; y < 210; y++) {
                for (int r = 0; r < scale; r++) {
                    int row = (header + y * scale + r) * width + x0;
                    for (int x = 0; x < 160; x++) {
                        int px = src[y * 160 + x];
                        for (int c = 0; c < scale; c++) {
                            pixels[row + x * scale + c] = px;
                        }
                    }
                }
            }
            FrameInfo f = panel.frame();
            g.setFont(big);
            g.setColor(TEXT);
            g.drawString(TextFit.fit(g, panel.label(), 160 * scale), x0, big.getSize() + 2);
            g.setFont(small);
            g.setColor(panel.agreesWithReference() ? AGREE : DIM);
            String act = f.actionNames().get(f.action());
            g.drawString(TextFit.fit(g, String.format("%s p=%.2f  V=%.2f", act, f.probabilities()[f.action()], f.value()), 160 * scale), x0,
                    big.getSize() + small.getSize() + 2 * scale + 2);
        }
        g.setFont(small);
        g.setColor(DIM);
        String[] lines = TextFit.wrapTwo(g, footerText, width - 2 * GAP);
        int base = height - 3 * scale - 2 - (small.getSize() + 2);
        for (String line : lines) {
            g.drawString(line, GAP, base);
            base += small.getSize() + 2;
        }
        return pixels;
    }
}
