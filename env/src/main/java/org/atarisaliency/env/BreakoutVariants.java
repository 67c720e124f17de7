package org.atarisaliency.env;

import java.util.List;

/**
 * Breakout's variants. RAM: 97 bit 7 is the game's own "small paddle" flag (set when the ball first reaches the top wall,
 * it shrinks the paddle from 16 to 12 pixels; the game clears it when a life is lost), 62 the colour of the paddle and the
 * ball (the game writes it every frame; 0 draws them black on the black playfield; HackAtari's
 * {@code color_player_and_ball}). Both need no state: the flag is ORed into the RAM after the frame, the colour is a
 * constant. Not added yet: {@code slow_ball} (capping the signed 8.8 velocities vy = RAM[103].[104], vx = RAM[105].[106] at
 * 1 pixel per frame), also stateless, but the game sets a new speed and moves the ball within a bounce's frame, so its
 * check needs the velocities read before each frame rather than the screens after each step.
 */
final class BreakoutVariants {
    /** The small paddle's width in pixels (the published game's is 16). */
    static final int SMALL_PADDLE = 12;

    private BreakoutVariants() {
    }

    static final List<GameVariant> ALL = List.of(
            new RamVariant("small_paddle", "the paddle is small (12 pixels) from the start: the game's own shrink flag, RAM[97] bit 7, held on",
                    "BreakoutVariantsTest: the drawn paddle 12 pixels wide after every step of whole episodes of tracker play"
                            + " (but with the paddle at a wall, the ball beside it, or a life lost in the step)",
                    List.of("paddle"), List.of(), (before, after) -> new int[][] {{97, (after[97] & 0xff) | 0x80}}),
            new RamVariant("hidden_paddle_ball", "the paddle and the ball are drawn black, invisible (their colour, RAM[62], held at 0)",
                    "BreakoutVariantsTest: no paddle-or-ball-coloured pixel below the bricks after any step of whole episodes"
                            + " of tracker play, which still scores and loses lives",
                    List.of("paddle", "ball"), List.of(), (before, after) -> new int[][] {{62, 0}}));
}
