package org.atarisaliency.pipelines;

import java.util.List;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.env.GameVariants;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.saliency.SaliencyRequest;
import org.atarisaliency.video.FrameComposer;
import org.atarisaliency.video.Mp4Writer;

/**
 * Settings that several pipelines share, declared once: the perturbation's grid, mask and blur, and
 * how the agent picks its actions. A pipeline that shares one with another default says so with
 * {@link Setting#withDefault}.
 */
public final class SharedSettings {
    /** The saliency grid's spacing d (Greydanus et al.: 5); more than the 80-pixel frame has no meaning. */
    public static final Setting<Long> STRIDE = Setting.integer("stride", SaliencyRequest.DEFAULT_STRIDE, 1, 80,
            "Saliency grid spacing d").unit("pixels of the 80x80 frame");
    /** The mask's radius r (the paper's 5); below 0.5 a mask touches almost no pixel, above 80 it covers the frame. */
    public static final Setting<Double> RADIUS = Setting.number("radius", SaliencyRequest.DEFAULT_RADIUS, 0.5, 80,
            "Saliency mask radius r").unit("pixels of the 80x80 frame");
    /** The blur's sigma (the paper's 3). */
    public static final Setting<Double> BLUR = Setting.number("blur", SaliencyRequest.DEFAULT_BLUR, 0, 80,
            "Sigma of the blur the masks blend in").unit("pixels of the 80x80 frame");
    /** greedy (the most probable action) or sample (from the policy, as trained). */
    public static final Setting<String> POLICY = Setting.choice("policy", "greedy", List.of("greedy", "sample"),
            "How the agent picks actions: greedy (the most probable) or sample (as trained)");
    /** Video frames per second (record, progression). */
    public static final Setting<Long> FPS = Setting.integer("fps", 15, 1, Mp4Writer.MAX_FPS, "Video frames per second");
    /**
     * Nearest-neighbour magnification of the 160x210 screen (record, progression): even, so every game pixel covers
     * whole 2x2 blocks of the video's 4:2:0 chroma and the MP4 matches the PNG stills; 2 rather than 4, whose larger
     * frames cost about a fifth more time to compose and encode than the earlier default (3).
     */
    public static final Setting<Long> SCALE = Setting.integer("scale", 2, 1, FrameComposer.MAX_SCALE,
            "Nearest-neighbour magnification of the 160x210 screen (an even scale keeps every game pixel on whole 4:2:0 colour blocks)");
    /** The memory perturbation: the recurrent state (or frame stack) is multiplied by this. */
    public static final Setting<Double> MEMORY_SCALE = Setting.number("memory_scale", 0.99, 0, 10,
            "Memory perturbation: the recurrent state (or frame stack) is multiplied by this (0.99: the paper's 1 percent decrease)");
    /** occlude blurs the masked region; searchlight blurs everything else. */
    public static final Setting<String> MODE = Setting.choice("mode", "occlude", List.of("occlude", "searchlight"),
            "occlude blurs the masked region; searchlight blurs everything else");
    /** For agents that see a stack of frames: perturb the newest frame only, or every frame of the stack with the same mask. */
    public static final Setting<String> PERTURB = Setting.choice("perturb", "newest", List.of("newest", "stack"),
            "For agents that see a stack of frames (RL4J, SB3 / CleanRL): perturb the newest frame only, or every frame of the stack "
                    + "with the same mask (each blended with its own blur); refused for agents without a frame stack. Maps lie on the newest frame");

    /**
     * The game variants played (Pong's lazy_enemy, ...: {@link org.atarisaliency.env.GameVariant}), written through the console RAM
     * after every emulator frame; names unknown to every game are refused here, names the played game lacks where the game is known
     * ({@link Game#withVariants}).
     */
    public static final Setting<String> VARIANT = Setting.text("variant", GameVariants.NONE, "none or variant names separated by commas",
            GameVariants::check, "Game variants written through the console RAM every frame (the games command lists each game's), or none");

    private SharedSettings() {
    }

    /** The action choice a policy setting's value names. */
    public static ActionSelection selection(String policy) {
        return ActionSelection.parse(policy);
    }
}
