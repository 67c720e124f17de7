package org.atarisaliency.video;

import java.util.Locale;
import org.atarisaliency.env.InvalidSettingException;

/**
 * How saliency is drawn over the game screen. {@link #PAPER} is Greydanus et al.'s: the actor map
 * is added to the blue channel and the critic map to the red one, which is faithful but mixes with
 * the game's own colours (blue over Pong's orange turns purple, actor and critic together magenta).
 * A blend style instead moves each pixel towards a chosen colour by the map's strength (at most
 * {@code opacity}), so a map keeps its colour over any background. {@link #READABLE} (the default)
 * draws the actor as a blue fill and the critic as amber contour lines, so the two stay apart where
 * they overlap, and tints the game's objects less than its background so they keep their colours.
 *
 * @param kind     how the maps are drawn
 * @param actor    the actor map's colour, 0xRRGGBB (not for the paper's)
 * @param critic   the critic map's colour, 0xRRGGBB (not for the paper's)
 * @param opacity  the blend weight at full strength, 0..1 (not for the paper's)
 */
public record OverlayStyle(Kind kind, int actor, int critic, double opacity) {
    /** How the maps are drawn. */
    public enum Kind {
        /** The paper's channel addition. */
        PAPER,
        /** Both maps blended towards their colours. */
        BLEND,
        /** The actor blended as a fill, the critic as contour lines; object pixels tinted less than the background. */
        FILL_CONTOUR
    }

    /** The paper's channel addition. */
    public static final OverlayStyle PAPER = new OverlayStyle(Kind.PAPER, 0x0000ff, 0xff0000, 1);
    /**
     * The default: actor a blue fill (#2f8fff), critic amber contours (#ffb000): blue and amber stay apart
     * for the common colour-vision deficiencies and show on Pong's brown, Breakout's bricks and black.
     */
    public static final OverlayStyle READABLE = new OverlayStyle(Kind.FILL_CONTOUR, 0x2f8fff, 0xffb000, 0.75);

    /** Whether the maps are blended towards colours (anything but the paper's channel addition). */
    public boolean blend() {
        return kind != Kind.PAPER;
    }

    public OverlayStyle {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new InvalidSettingException("overlay_colors", "opacity must be in 0..1, got " + opacity);
        }
    }

    /**
     * Parses "readable", "paper", or "actor=#RRGGBB,critic=#RRGGBB[,opacity=0.7]" (either colour may be left
     * out; defaults: actor #1e6bff, critic #ff3030, opacity 0.7).
     */
    public static OverlayStyle parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("paper")) {
            return PAPER;
        }
        if (t.equals("readable")) {
            return READABLE;
        }
        int actor = 0x1e6bff, critic = 0xff3030;
        double opacity = 0.7;
        for (String part : t.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new InvalidSettingException("overlay_colors", "must be 'readable', 'paper' or like actor=#1e6bff,critic=#ff3030,opacity=0.7; got '" + text + "'");
            }
            String k = kv[0].trim(), v = kv[1].trim();
            switch (k) {
                case "actor" -> actor = colour(v, text);
                case "critic" -> critic = colour(v, text);
                case "opacity" -> {
                    try {
                        opacity = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new InvalidSettingException("overlay_colors", "opacity must be a number in 0..1, got '" + v + "'");
                    }
                }
                default -> throw new InvalidSettingException("overlay_colors", "knows actor, critic and opacity, not '" + k + "'");
            }
        }
        return new OverlayStyle(Kind.BLEND, actor, critic, opacity);
    }

    private static int colour(String v, String text) {
        if (!v.matches("#[0-9a-f]{6}")) {
            throw new InvalidSettingException("overlay_colors", "colours are #RRGGBB, got '" + v + "' in '" + text + "'");
        }
        return Integer.parseInt(v.substring(1), 16);
    }

    /** The setting as text ("readable", "paper" or the blend's colours), for provenance. */
    public String describe() {
        if (this.equals(READABLE)) {
            return "readable";
        }
        return blend() ? String.format(Locale.ROOT, "actor=#%06x,critic=#%06x,opacity=%s", actor, critic, opacity) : "paper";
    }
}
