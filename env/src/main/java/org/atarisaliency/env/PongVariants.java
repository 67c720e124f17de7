package org.atarisaliency.env;

import java.util.List;

/**
 * Pong's variants. RAM: 21 is the enemy paddle's y (50 its display copy, equal to 21 after every frame;
 * {@link GameObjects}' table), 49/54 the ball's x/y (54 = 0: no ball in play), 58 the ball's horizontal
 * velocity, negated (signed: -1, -2 while the ball flies right, toward the player; 1, 2 while it flies
 * left) and 56 its vertical velocity (signed, = the change of RAM[54] per frame). HackAtari's
 * {@code lazy_enemy} ({@code hackatari/games/pong.py}: hold RAM[21] while the ball's x rises) was the
 * starting point; its Python globals (the previous ball x and enemy y) are replaced by the RAM before the
 * frame, so the variant keeps no state. 58 and 56 were found here: their signs match the ball's per-frame
 * move on 1,870 in-play frames of random play (all but serves and bounces, where the velocity changes
 * within the frame). The game moves the enemy within a frame before drawing it, so a held paddle is drawn
 * up to 3 pixels from where the RAM holds it (the move of that one frame, undone after it); on the frame
 * of a serve the game moves it 9 pixels. A paddle hit sets the ball's vertical velocity and moves it within
 * the frame, so {@code straight_ball} also puts the ball's y back.
 */
final class PongVariants {
    /** The enemy paddle's y in the middle of the playfield (screen rows 106..121). */
    static final int MIDDLE = 121;

    private static final int[][] NONE = new int[0][];

    private PongVariants() {
    }

    static final List<GameVariant> ALL = List.of(
            variant("lazy_enemy", List.of("enemy"), "the enemy paddle stops while the ball flies toward the player (HackAtari's lazy enemy)",
                    "PongVariantsTest: RAM enemy y unchanged over every frame the ball flew toward the player, whole episodes of 2,000+ steps;"
                            + " drawn within 3 pixels of it",
                    List.of(), (before, after) -> ballTowardPlayer(before) ? enemyAt(before[21] & 0xff) : NONE),
            variant("frozen_enemy", List.of("enemy"), "the enemy paddle stays in the middle of the field (RAM y " + MIDDLE + ")",
                    "PongVariantsTest: RAM enemy y " + MIDDLE + " after every step of whole episodes, drawn within 3 pixels of it"
                            + " (but on a serve's frame, which the game draws with the paddle 9 pixels lower)",
                    List.of("enemy"), (before, after) -> enemyAt(MIDDLE)),
            variant("hidden_enemy", List.of("enemy"), "the enemy paddle is held above the playfield, out of sight (it returns no ball)",
                    "PongVariantsTest: no enemy-coloured pixel in the playfield after any step of whole episodes"
                            + " (but on a serve's frame, which the game draws with the paddle 9 pixels lower)",
                    List.of("enemy"), (before, after) -> enemyAt(0)),
            variant("straight_ball", List.of("ball"), "the ball flies straight across, never up or down (its vertical velocity held at 0)",
                    "PongVariantsTest: the ball's RAM y unchanged over every step it stayed in play, whole episodes (a paddle hit's"
                            + " frame draws it up to 2 pixels off)",
                    List.of(), (before, after) -> before[54] != 0 && after[54] != 0 ? new int[][] {{56, 0}, {54, before[54] & 0xff}} : new int[][] {{56, 0}}));

    private static boolean ballTowardPlayer(byte[] ram) {
        return ram[54] != 0 && ram[58] < 0;
    }

    private static int[][] enemyAt(int y) {
        return new int[][] {{21, y}, {50, y}};
    }

    private static GameVariant variant(String name, List<String> changes, String description, String verified, List<String> holds,
                                       RamVariant.Writes writes) {
        return new RamVariant(name, description, verified, changes, holds, writes);
    }
}
