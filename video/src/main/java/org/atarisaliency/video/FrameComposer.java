package org.atarisaliency.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.Resize;
import org.atarisaliency.env.ScreenRegion;

/**
 * Draws one video frame: the game screen with actor saliency added in blue and critic saliency
 * in red (as in Greydanus et al. 2018; each map is upsampled bilinearly onto the part of the
 * screen the agent's observation covers, e.g. rows 35..194 for the A3C agents), scaled up with nearest neighbour, beside an annotation panel: step,
 * score and lives, the chosen action with bars for all action probabilities, the value estimate
 * with its recent history, reward events, a memory-reliance strip and a legend. Not thread-safe;
 * the returned pixels are reused by the next call.
 */
public final class FrameComposer {
    /** The largest magnification. */
    public static final int MAX_SCALE = 8;
    private static final Color PANEL = new Color(24, 26, 32);
    private static final Color TEXT = new Color(232, 232, 236);
    private static final Color DIM = new Color(150, 154, 166);
    private static final Color CRITIC = new Color(255, 80, 70);
    private static final Color CHOSEN = new Color(255, 200, 60);
    private static final Color MEMORY = new Color(120, 220, 140);
    /** Rows (screen pixels) of the colour-bar strip under the game when there is no panel. */
    static final int BAR_STRIP = 16;
    /** Reward markers of the value chart (Okabe-Ito bluish green and vermillion, lightened for the dark panel). */
    private static final Color REWARD_GAIN = new Color(40, 190, 150), REWARD_LOSS = new Color(235, 110, 40);
    /** The value line: a light neutral, which survives the video's 4:2:0 chroma where a thin coloured line would not. */
    private static final Color VALUE_LINE = new Color(225, 225, 232);
    private static final Color GRID = new Color(58, 62, 74);

    private final int scale;
    private final int gameW;
    private final int height;
    private final int width;
    private final BufferedImage image;
    private final int[] pixels;
    private final Graphics2D g;
    private final Font big;
    private final Font small;
    private final Font label;
    private final int[] screen = new int[210 * 160];

    private final OverlayStyle style;
    private final String agent;
    private final boolean panel;

    /** @param scale  nearest-neighbour magnification of the 160x210 screen (1..8) */
    public FrameComposer(int scale) {
        this(scale, OverlayStyle.PAPER);
    }

    /**
     * @param scale  nearest-neighbour magnification of the 160x210 screen (1..8)
     * @param style  how the maps are drawn over the screen
     */
    public FrameComposer(int scale, OverlayStyle style) {
        this(scale, style, true);
    }

    /**
     * @param scale  nearest-neighbour magnification of the 160x210 screen (1..8)
     * @param style  how the maps are drawn over the screen
     * @param panel  whether the annotation panel (agent, step, score, action, value, memory) is drawn beside the
     *               screen; without it the frame is the game screen alone (user studies: nothing names the agent)
     */
    public FrameComposer(int scale, OverlayStyle style, boolean panel) {
        this(scale, style, panel, null);
    }

    /**
     * @param scale  nearest-neighbour magnification of the 160x210 screen (1..8)
     * @param style  how the maps are drawn over the screen
     * @param panel  whether the annotation panel is drawn beside the screen
     * @param agent  which object on the screen the agent controls (e.g. "right paddle (green)"), shown in the panel; null for none
     */
    public FrameComposer(int scale, OverlayStyle style, boolean panel, String agent) {
        this.agent = agent;
        this.panel = panel;
        this.style = style;
        if (scale < 1 || scale > MAX_SCALE) {
            throw new org.atarisaliency.env.InvalidSettingException("scale", "must be in 1.." + MAX_SCALE + ", got " + scale);
        }
        this.scale = scale;
        this.gameW = 160 * scale;
        this.width = panel ? gameW + 110 * scale : gameW;
        this.height = panel ? 210 * scale : (210 + BAR_STRIP) * scale;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        this.big = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, 6 * scale));
        this.small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, 4 * scale + 1));
        this.label = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, 3 * scale + 1));
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

    /** Composes a frame; returns the packed RGB pixels (width x height), reused by the next call. */
    public int[] compose(FrameInfo f) {
        drawScreen(f);
        drawObjects(f.objects());
        if (panel) {
            drawPanel(f);
        } else {
            drawBarStrip(f);
        }
        return pixels;
    }

    /** The screen with saliency added to the blue (actor) and red (critic) channels, before scaling. */
    public int[] overlay(FrameInfo f) {
        byte[] rgb = f.rgb();
        for (int i = 0; i < screen.length; i++) {
            screen[i] = ((rgb[3 * i] & 0xff) << 16) | ((rgb[3 * i + 1] & 0xff) << 8) | (rgb[3 * i + 2] & 0xff);
        }
        if (style.kind() == OverlayStyle.Kind.FILL_CONTOUR) {
            ReadableOverlay.draw(screen, f, style);
        } else if (style.blend()) {
            blend(f.critic(), f.mapSize(), f.region(), f.criticScale(), style.critic());
            blend(f.actor(), f.mapSize(), f.region(), f.actorScale(), style.actor());
        } else {
            add(f.actor(), f.mapSize(), f.region(), f.actorScale(), 0);
            add(f.critic(), f.mapSize(), f.region(), f.criticScale(), 16);
        }
        return screen;
    }

    /** Moves each pixel towards {@code colour} by the map's strength times the style's opacity. */
    private void blend(float[] map, int size, ScreenRegion r, IntensityScale s, int colour) {
        if (map == null) {
            return;
        }
        float[] up = Resize.resize(map, size, size, r.width(), r.height());
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                double a = style.opacity() * s.level(up[y * r.width() + x]);
                int i = (y + r.y()) * 160 + x + r.x();
                screen[i] = ReadableOverlay.mix(screen[i], colour, a);
            }
        }
    }

    private void add(float[] map, int size, ScreenRegion r, IntensityScale s, int shift) {
        if (map == null) {
            return;
        }
        float[] up = Resize.resize(map, size, size, r.width(), r.height());
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                double v = s.level(up[y * r.width() + x]);
                int add = (int) Math.round(v * 255);
                int i = (y + r.y()) * 160 + x + r.x();
                int c = (screen[i] >> shift) & 0xff;
                int n = Math.min(255, c + add);
                screen[i] = (screen[i] & ~(0xff << shift)) | (n << shift);
            }
        }
    }

    private void drawScreen(FrameInfo f) {
        int[] src = overlay(f);
        for (int y = 0; y < 210; y++) {
            for (int r = 0; r < scale; r++) {
                int row = (y * scale + r) * width;
                for (int x = 0; x < 160; x++) {
                    int p = src[y * 160 + x];
                    int o = row + x * scale;
                    for (int c = 0; c < scale; c++) {
                        pixels[o + c] = p;
                    }
                }
            }
        }
    }

    /**
     * The outline colour of a game object: a fixed colour for the objects of the built-in games (a score
     * takes its player's: "player_score" the player's), else one of a small palette chosen by the name's
     * hash (stable across runs).
     */
    public static int objectColour(String name) {
        if (name.endsWith("_score")) {
            return objectColour(name.substring(0, name.length() - "_score".length()));
        }
        return switch (name) {
            case "ball" -> 0x00ffff;
            case "player", "paddle" -> 0xffff00;
            case "enemy" -> 0xff00ff;
            case "invaders" -> 0x00ff66;
            default -> OBJECT_PALETTE[Math.floorMod(name.hashCode(), OBJECT_PALETTE.length)];
        };
    }

    private static final int[] OBJECT_PALETTE = {0x00ffff, 0xffff00, 0xff00ff, 0x00ff66, 0xff8800, 0xffffff, 0x66aaff, 0xff6699};

    /**
     * Outlines each object's box just outside the box's scaled pixels (screen rows
     * top..top+height-1 are video rows top*scale..(top+height)*scale-1, the outline the rows above and
     * below), 1 px wide at scale 1 and 2 px at larger scales (at an even scale the outline then covers
     * whole 2x2 blocks of the video's 4:2:0 chroma), clipped to the game screen; the name is written above the box (or below it) where it
     * fits on the screen. Drawn after the saliency so it stays visible, the outlines after all names.
     */
    private void drawObjects(List<GameObjects.GameObject> objects) {
        if (objects.isEmpty()) {
            return;
        }
        // the names first, then every outline over them: a name never hides another object's outline
        g.setFont(label);
        g.setClip(0, 0, gameW, height);
        FontMetrics fm = g.getFontMetrics();
        List<Rectangle> names = new ArrayList<>();
        for (GameObjects.GameObject o : objects) {
            int[] r = outline(o.box());
            if (r == null || r[2] < 0 || r[0] >= gameW || r[3] < 0 || r[1] >= height) {
                continue;
            }
            int tw = fm.stringWidth(o.name()), th = fm.getAscent() + fm.getDescent();
            int tx = Math.max(0, Math.min(gameW - tw, r[0]));
            if (tw > gameW) {
                continue;
            }
            // above the box, else below it; left out where it would run off the screen or over another name
            Rectangle above = new Rectangle(tx, r[1] + 1 - outlineWidth() - th, tw, th), below = new Rectangle(tx, r[3] + outlineWidth(), tw, th);
            Rectangle at = above.y >= 0 && free(above, names) ? above : below.y + th <= height && free(below, names) ? below : null;
            if (at != null) {
                names.add(at);
                g.setColor(new Color(objectColour(o.name())));
                g.drawString(o.name(), at.x, at.y + fm.getAscent());
            }
        }
        g.setClip(null);
        for (GameObjects.GameObject o : objects) {
            int[] r = outline(o.box());
            if (r == null) {
                continue;
            }
            int colour = objectColour(o.name()), t = outlineWidth();
            for (int k = 0; k < t; k++) {
                for (int x = r[0] - k; x <= r[2] + k; x++) {
                    put(x, r[1] - k, colour);
                    put(x, r[3] + k, colour);
                }
                for (int y = r[1] - k; y <= r[3] + k; y++) {
                    put(r[0] - k, y, colour);
                    put(r[2] + k, y, colour);
                }
            }
        }
    }

    private static boolean free(Rectangle r, List<Rectangle> taken) {
        for (Rectangle t : taken) {
            if (t.intersects(r)) {
                return false;
            }
        }
        return true;
    }

    /** The outline's width in video pixels. */
    private int outlineWidth() {
        return scale >= 2 ? 2 : 1;
    }

    /**
     * The innermost ring of a box's outline in video pixels {x0, y0, x1, y1} (inclusive, 1 px outside the
     * scaled box; a wider outline grows outwards), or null for no box.
     */
    private int[] outline(GameObjects.Box b) {
        if (b == null || b.height() <= 0 || b.width() <= 0) {
            return null;
        }
        return new int[] {b.left() * scale - 1, b.top() * scale - 1, (b.left() + b.width()) * scale, (b.top() + b.height()) * scale};
    }

    private void put(int x, int y, int colour) {
        if (x >= 0 && x < gameW && y >= 0 && y < height) {
            pixels[y * width + x] = colour;
        }
    }

    private void drawPanel(FrameInfo f) {
        int x0 = gameW, pw = width - gameW, pad = 4 * scale;
        g.setColor(PANEL);
        g.fillRect(x0, 0, pw, height);
        int x = x0 + pad, w = pw - 2 * pad;
        int y = pad + big.getSize();
        g.setFont(small);
        g.setColor(DIM);
        g.drawString(fit(f.title(), w), x, y - big.getSize() + small.getSize());
        y += small.getSize() + drawAgent(x, y - big.getSize() + 2 * small.getSize() + scale, w);
        g.setFont(big);
        g.setColor(TEXT);
        g.drawString(String.format("step %d", f.step()), x, y);
        y += big.getSize() + scale;
        g.drawString(String.format("score %s", trim(f.score())), x, y);
        if (f.reward() != 0) {
            g.drawString((f.reward() > 0 ? "  +" : "  ") + trim(f.reward()), x + g.getFontMetrics().stringWidth("score " + trim(f.score())), y);
        }
        g.setFont(small);
        g.setColor(DIM);
        if (f.lives() > 0) {
            g.drawString("lives " + f.lives(), x + w - g.getFontMetrics().stringWidth("lives " + f.lives()), y);
        }
        y += 2 * pad;

        // action probabilities
        g.setColor(TEXT);
        g.setFont(small);
        String chosen = f.action() >= 0 && f.action() < f.actionNames().size() ? f.actionNames().get(f.action()) : "?";
        g.drawString("action  " + chosen, x, y);
        y += scale;
        int barH = Math.max(3, 4 * scale);
        int labelW = 26 * scale;
        for (int a = 0; a < f.actionNames().size(); a++) {
            y += barH + scale;
            double p = a < f.probabilities().length ? f.probabilities()[a] : 0;
            g.setColor(DIM);
            g.drawString(fit(f.actionNames().get(a), labelW), x, y);
            int bx = x + labelW, bw = w - labelW;
            fillAligned(new Color(50, 54, 64), bx, y - barH + scale, bw, barH - scale);
            fillAligned(a == f.action() ? CHOSEN : new Color(150, 160, 185), bx, y - barH + scale, (int) Math.round(bw * p), barH - scale);
        }
        y += 3 * pad;

        // value with history and reward ticks
        g.setColor(TEXT);
        g.drawString(String.format("value (return)  %.2f", f.value()), x, y);
        y += 3 * scale;
        int chartH = 22 * scale;
        ValueAxis axis = ValueAxis.of(f.valueHistory());
        int axisW = axisLabels(axis, x, y, chartH);
        sparkline(f.valueHistory(), f.rewardHistory(), axis, x + axisW, y, w - axisW, chartH);
        y += chartH + small.getSize() + scale;
        rewardLegend(x + axisW, y);
        y += 2 * pad + small.getSize();

        // memory reliance
        g.setColor(TEXT);
        double mem = f.memoryHistory().length == 0 ? 0 : f.memoryHistory()[f.memoryHistory().length - 1];
        g.drawString(String.format(java.util.Locale.ROOT, "memory reliance  %.4f TV", mem), x, y);
        y += scale;
        int stripH = 8 * scale;
        strip(f.memoryHistory(), x, y, w, stripH);
        y = stripTicks(x, y + stripH, w);

        // legend: a colour bar per overlay shown
        if (f.actor() != null) {
            y = drawScaleBar(f.actorScale(), true, x, y, w);
        }
        if (f.critic() != null) {
            drawScaleBar(f.criticScale(), false, x, y, w);
        }
    }

    /** Without the panel: the colour bars side by side in a strip under the game. */
    private void drawBarStrip(FrameInfo f) {
        int y = 210 * scale, pad = 2 * scale;
        g.setColor(PANEL);
        g.fillRect(0, y, width, height - y);
        int half = (gameW - 3 * pad) / 2;
        if (f.actor() != null) {
            drawScaleBar(f.actorScale(), true, pad, y, f.critic() != null ? half : gameW - 2 * pad);
        }
        if (f.critic() != null) {
            drawScaleBar(f.criticScale(), false, f.actor() != null ? 2 * pad + half : pad, y, f.actor() != null ? half : gameW - 2 * pad);
        }
    }

    /**
     * One overlay's colour bar below {@code top}: its caption (quantity, unit, whether the scale is absolute or per clip),
     * the bar in the overlay's colours from 0 to full intensity, and ticks with numbers at 0, half and full; returns the
     * y below it.
     */
    private int drawScaleBar(IntensityScale s, boolean actor, int x, int top, int w) {
        g.setFont(label);
        FontMetrics fm = g.getFontMetrics();
        int y = top + fm.getAscent() + scale;
        g.setColor(TEXT);
        g.drawString(fit(s.caption(), w), x, y);
        y += fm.getDescent() + scale;
        int barH = 3 * scale;
        boolean contours = !actor && style.kind() == OverlayStyle.Kind.FILL_CONTOUR;
        for (int i = 0; i < w; i++) {
            double t = i / (double) Math.max(1, w - 1);
            // the critic drawn as contour lines: its bar shows where the lines lie, in their colour
            int c = contours ? (t >= ReadableOverlay.LEVELS[0] && ReadableOverlay.onContour(t, w, scale) ? style.critic() : 0x242730)
                    : barColour(t, actor);
            for (int r = 0; r < barH; r++) {
                pixels[(y + r) * width + x + i] = c;
            }
        }
        g.setColor(DIM);
        g.drawRect(x, y, w - 1, barH - 1);
        y += barH;
        for (double t : new double[] {0, 0.5, 1}) {
            int tx = x + (int) Math.round(t * (w - 1));
            g.fillRect(tx, y, 1, scale);
            String n = IntensityScale.format(t * s.full());
            int nw = fm.stringWidth(n);
            g.drawString(n, Math.max(x, Math.min(x + w - nw, tx - nw / 2)), y + scale + fm.getAscent());
        }
        return y + scale + fm.getAscent() + fm.getDescent() + 2 * scale;
    }

    /** The colour an overlay at {@code level} (0..1) gives on black: the bar's colours. */
    private int barColour(double level, boolean actor) {
        if (style.blend()) {
            int c = actor ? style.actor() : style.critic();
            double a = style.opacity() * level;
            return ((int) Math.round(((c >> 16) & 0xff) * a) << 16) | ((int) Math.round(((c >> 8) & 0xff) * a) << 8) | (int) Math.round((c & 0xff) * a);
        }
        return (int) Math.round(level * 255) << (actor ? 0 : 16);
    }

    private void sparkline(double[] v, double[] rewards, ValueAxis axis, int x, int y, int w, int h) {
        fillAligned(new Color(36, 39, 48), x, y, w, h);
        for (double t : axis.ticks()) {
            fillAligned(GRID, x, axis.row(t, y, h), w, 1);
        }
        if (v.length < 2) {
            return;
        }
        for (int i = 0; i < rewards.length && i < v.length; i++) {
            if (rewards[i] != 0) {
                int px = x + (int) Math.round((double) i / (v.length - 1) * (w - 1));
                fillAligned(rewards[i] > 0 ? REWARD_GAIN : REWARD_LOSS, px, y, Math.max(2, scale / 2), h);
            }
        }
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < v.length; i++) {
            double px = x + (double) i / (v.length - 1) * (w - 1);
            double py = axis.y(v[i], y, h);
            if (i == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
        }
        g.setColor(VALUE_LINE);
        g.setStroke(new BasicStroke(Math.max(1f, scale / 2f)));
        g.draw(path);
    }

    /** The memory strip's fixed scale: reliance (a TV distance) from {@link #STRIP_LOW} to {@link #STRIP_HIGH}, logarithmic. */
    static final double STRIP_LOW = 1e-4, STRIP_HIGH = 0.1;

    /** The memory strip's brightness of reliance {@code v}: 0 at or below {@link #STRIP_LOW}, 1 at or above {@link #STRIP_HIGH}. */
    static double stripLevel(double v) {
        return v > STRIP_LOW ? Math.min(1.0, Math.log(v / STRIP_LOW) / Math.log(STRIP_HIGH / STRIP_LOW)) : 0;
    }

    /** The memory strip's scale under it: the decades from {@link #STRIP_LOW} to {@link #STRIP_HIGH}; returns the y below. */
    private int stripTicks(int x, int y, int w) {
        g.setFont(label);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(DIM);
        for (double v = STRIP_LOW; v <= STRIP_HIGH * 1.001; v *= 10) {
            int tx = x + (int) Math.round(stripLevel(v * 1.000001) * (w - 1));
            String n = IntensityScale.format(v) + (v * 10 > STRIP_HIGH * 1.001 ? " TV, log" : "");
            int nw = fm.stringWidth(n);
            g.fillRect(tx, y, 1, scale);
            g.drawString(n, Math.max(x, Math.min(x + w - nw, tx - nw / 2)), y + scale + fm.getAscent());
        }
        g.setFont(small);
        return y + scale + fm.getAscent() + fm.getDescent() + scale;
    }

    /** A heat strip, one column per step, brightness on the strip's fixed logarithmic scale ({@link #stripLevel}). */
    private void strip(double[] v, int x, int y, int w, int h) {
        fillAligned(new Color(36, 39, 48), x, y, w, h);
        if (v.length == 0) {
            return;
        }
        for (int i = 0; i < v.length; i++) {
            int px0 = x + (int) Math.floor((double) i / v.length * w), px1 = x + (int) Math.floor((double) (i + 1) / v.length * w);
            double t = stripLevel(v[i]);
            fillAligned(new Color((int) (36 + t * (MEMORY.getRed() - 36)), (int) (39 + t * (MEMORY.getGreen() - 39)), (int) (48 + t * (MEMORY.getBlue() - 48))),
                    px0, y, Math.max(1, px1 - px0), h);
        }
    }

    /** The agent's line under the title ("agent: right paddle (green)") at baseline {@code y}; returns the height it takes. */
    private int drawAgent(int x, int y, int w) {
        if (agent == null) {
            return 0;
        }
        g.setFont(small);
        g.setColor(TEXT);
        g.drawString(fit("agent: " + agent, w), x, y);
        return small.getSize() + scale;
    }

    /** The value chart's tick labels left of it; returns the width they take. */
    private int axisLabels(ValueAxis axis, int x, int y, int h) {
        g.setFont(label);
        FontMetrics fm = g.getFontMetrics();
        int labelW = 0;
        for (double t : axis.ticks()) {
            labelW = Math.max(labelW, fm.stringWidth(axis.format(t)));
        }
        g.setColor(DIM);
        for (double t : axis.ticks()) {
            String s = axis.format(t);
            g.drawString(s, x + labelW - fm.stringWidth(s), axis.row(t, y, h) + fm.getAscent() / 2);
        }
        g.setFont(small);
        return labelW + 2 * scale;
    }

    /** What the value chart's reward markers mean. */
    private void rewardLegend(int x, int y) {
        g.setFont(label);
        FontMetrics fm = g.getFontMetrics();
        int box = 3 * scale;
        fillAligned(REWARD_GAIN, x, y - box, box, box);
        g.setColor(DIM);
        g.drawString("reward > 0", x + box + scale, y);
        int x2 = x + box + scale + fm.stringWidth("reward > 0") + 4 * scale;
        fillAligned(REWARD_LOSS, x2, y - box, box, box);
        g.setColor(DIM);
        g.drawString("reward < 0", x2 + box + scale, y);
        g.setFont(small);
    }

    /**
     * Fills a rectangle widened to even video coordinates: a coloured area then covers whole 2x2 blocks of
     * the video's 4:2:0 chroma and decodes without coloured fringes (at an even scale).
     */
    private void fillAligned(Color c, int x, int y, int w, int h) {
        if (w <= 0 || h <= 0) {
            return;
        }
        int x0 = x & ~1, y0 = y & ~1, x1 = (x + w + 1) & ~1, y1 = (y + h + 1) & ~1;
        g.setColor(c);
        g.fillRect(x0, y0, x1 - x0, y1 - y0);
    }

    /** A 2 px outline of an aligned rectangle (the contour legend's swatch). */
    private void outlineAligned(Color c, int x, int y, int w, int h) {
        fillAligned(c, x, y, w, 2);
        fillAligned(c, x, y + h - 2, w, 2);
        fillAligned(c, x, y, 2, h);
        fillAligned(c, x + w - 2, y, 2, h);
    }

    private String fit(String s, int w) {
        return TextFit.fit(g, s, w);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format("%.1f", d);
    }
}
