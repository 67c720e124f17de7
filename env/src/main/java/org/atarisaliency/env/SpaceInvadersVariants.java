package org.atarisaliency.env;

import java.util.List;

/**
 * SpaceInvaders' variants (from HackAtari's {@code no_danger} and {@code disable_shield_*}, {@code hackatari/games/spaceinvaders.py}).
 * RAM: 81/82 are the two enemy bullets' y (246 idle) and 83/84 their x; 43..69 the three shields' bitmaps (9 bytes
 * each). RAM[70] is not a shield byte (it takes values 0..4 and 255 in play): HackAtari's right-shield loop also
 * zeroes it, which is not copied here. Neither variant needs state: both write constants.
 */
final class SpaceInvadersVariants {
    /** The first and last shield bitmap bytes. */
    static final int SHIELDS_FIRST = 43, SHIELDS_LAST = 69;

    private SpaceInvadersVariants() {
    }

    static final List<GameVariant> ALL = List.of(
            new RamVariant("no_enemy_fire", "the invaders never shoot: their two bullets held at y 0, x 255 (RAM 81..84)",
                    "SpaceInvadersVariantsTest: no enemy-bullet pixel and no life lost before the invaders land,"
                            + " after every step of whole episodes of random play",
                    List.of(), List.of(), (before, after) -> new int[][] {{81, 0}, {82, 0}, {83, 255}, {84, 255}}),
            new RamVariant("no_shields", "the three shields are gone (their bitmaps, RAM 43..69, held at 0)",
                    "SpaceInvadersVariantsTest: no shield-coloured pixel after any step of whole episodes of random play",
                    List.of(), List.of(), (before, after) -> shieldsOff()));

    private static int[][] shieldsOff() {
        int[][] w = new int[SHIELDS_LAST - SHIELDS_FIRST + 1][];
        for (int i = 0; i < w.length; i++) {
            w[i] = new int[] {SHIELDS_FIRST + i, 0};
        }
        return w;
    }
}
