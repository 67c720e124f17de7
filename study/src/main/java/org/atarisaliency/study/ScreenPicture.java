package org.atarisaliency.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.Hints;

/**
 * The glossary's picture of the game screen ({@code picture: screen}): a real frame of a clip with labelled
 * outlines around the hint strip (where {@link Hints} draws it) and around the object the agent moves
 * (its {@link GameObjects} box). Coordinates are the 210x160 screen's, scaled by the clip's scale.
 */
public final class ScreenPicture {
    /** The outlines' colour: yellow, clear on every Pong, Breakout and SpaceInvaders colour. */
    private static final Color MARK = new Color(0xffd400);
    /** Screen pixels between a thing and its outline. */
    private static final int PAD = 2;

    private ScreenPicture() {
    }

    /**
     * Draws on a copy of {@code frame} (the game area at {@code scale}).
     *
     * @param hintActions the number of hint marks (the game's action count), 0 when the frames carry no hint strip
     * @param agent       the box of the object the agent moves, or null when the game has no object model
     * @param agentLabel  the agent's outline's label ("the program's paddle")
     */
    public static BufferedImage draw(BufferedImage frame, int scale, int hintActions, GameObjects.Box agent, String agentLabel) {
        BufferedImage out = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(frame, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setStroke(new BasicStroke(Math.max(2, scale)));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, 5 * scale)));
            if (hintActions > 0) {
                int left = Hints.column(0), right = Hints.column(hintActions - 1);
                mark(g, out, scale, new GameObjects.Box(Hints.TOP, left, Hints.HEIGHT, right - left + 1), "hint strip", false);
            }
            if (agent != null) {
                mark(g, out, scale, agent, agentLabel, true);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * An outline {@value #PAD} screen pixels outside {@code box} and its label beside it, never over it: the first of
     * left, right, above and below (when {@code labelLeft}; else below, above, right, left) where the label fits the
     * picture whole.
     */
    private static void mark(Graphics2D g, BufferedImage img, int scale, GameObjects.Box box, String label, boolean labelLeft) {
        Rectangle r = new Rectangle((box.left() - PAD) * scale, (box.top() - PAD) * scale, (box.width() + 2 * PAD) * scale,
                (box.height() + 2 * PAD) * scale).intersection(new Rectangle(0, 0, img.getWidth() - 1, img.getHeight() - 1));
        g.setColor(MARK);
        g.drawRect(r.x, r.y, r.width, r.height);
        FontMetrics fm = g.getFontMetrics();
        Rectangle l = labelPlace(r, fm.stringWidth(label) + 8, fm.getHeight() + 4, 2 * scale, img.getWidth(), img.getHeight(), labelLeft);
        g.setColor(new Color(0, 0, 0, 200));
        g.fillRect(l.x, l.y, l.width, l.height);
        g.setColor(MARK);
        g.drawString(label, l.x + 4, l.y + 2 + fm.getAscent());
    }

    /** Where a w x h label goes beside outline {@code r} in a width x height picture (see {@link #mark}). */
    static Rectangle labelPlace(Rectangle r, int w, int h, int gap, int width, int height, boolean labelLeft) {
        int midX = r.x + (r.width - w) / 2, midY = r.y + (r.height - h) / 2;
        Rectangle left = new Rectangle(r.x - w - gap, midY, w, h), right = new Rectangle(r.x + r.width + gap, midY, w, h);
        Rectangle above = new Rectangle(midX, r.y - h - gap, w, h), below = new Rectangle(midX, r.y + r.height + gap, w, h);
        Rectangle[] order = labelLeft ? new Rectangle[] {left, right, above, below} : new Rectangle[] {below, above, right, left};
        for (Rectangle c : order) {
            Rectangle shifted = new Rectangle(Math.max(0, Math.min(width - w, c.x)), Math.max(0, Math.min(height - h, c.y)), w, h);
            if (!shifted.intersects(r) && shifted.x >= 0 && shifted.y >= 0) {
                return shifted;
            }
        }
        return new Rectangle(Math.max(0, Math.min(width - w, order[0].x)), Math.max(0, Math.min(height - h, order[0].y)), w, h);
    }

    /** The object the agent moves among a state's objects (Pong's and SpaceInvaders' "player", Breakout's "paddle"), or null. */
    public static GameObjects.Box agentBox(java.util.List<GameObjects.GameObject> objects) {
        return objects.stream().filter(o -> o.name().equals("player") || o.name().equals("paddle")).map(GameObjects.GameObject::box)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
