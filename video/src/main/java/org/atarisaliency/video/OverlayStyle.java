package org.atarisaliency.video;

import java.util.Locale;
import org.atarisaliency.env.InvalidSettingException;

/**
 * How saliency is drawn over the game screen. {@link #PAPER} is Greydanus et al.'s: the actor map
 * is added to the blue channel and the critic map to the red one, which is faithful but mixes with
 * the game's own colours (blue over Pong's orange turns purple). A blend style instead moves each
 * pixel towards a chosen colour by the map's strength (at most {@code opacity}), so a map keeps
 * its colour over any background.
 *
 * @param blend    false: the paper's channel addition; true: blend towards the colours
 * @param actor    the actor map's colour, 0xRRGGBB (blend only)
 * @param critic   the critic map's colour, 0xRRGGBB (blend only)
 * @param opacity  the blend weight at full strength, 0..1 (blend only)
 */
public record OverlayStyle(boolean blend, int actor, int critic, double opacity) {
    /** The paper's channel addition. */
    public static final OverlayStyle PAPER = new OverlayStyle(false, 0x0000ff, 0xff0000, 1);

    public OverlayStyle {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new InvalidSettingException("overlay_colors", "opacity must be in 0..1, got " + opacity);
        }
    }

    /**
     * Parses "paper", or "actor=#RRGGBB,critic=#RRGGBB[,opacity=0.7]" (either colour may be left
     * out; defaults: actor #1e6bff, critic #ff3030, opacity 0.7).
     */
    public static OverlayStyle parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("paper")) {
            return PAPER;
        }
        int actor = 0x1e6bff, critic = 0xff3030;
        double opacity = 0.7;
        for (String part : t.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new InvalidSettingException("overlay_colors", "must be 'paper' or like actor=#1e6bff,critic=#ff3030,opacity=0.7; got '" + text + "'");
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
        return new OverlayStyle(true, actor, critic, opacity);
    }

    private static int colour(String v, String text) {
        if (!v.matches("#[0-9a-f]{6}")) {
            throw new InvalidSettingException("overlay_colors", "colours are #RRGGBB, got '" + v + "' in '" + text + "'");
        }
        return Integer.parseInt(v.substring(1), 16);
    }

    /** The setting as text ("paper" or the blend's colours), for provenance. */
    public String describe() {
        return blend ? String.format(Locale.ROOT, "actor=#%06x,critic=#%06x,opacity=%s", actor, critic, opacity) : "paper";
    }
}
