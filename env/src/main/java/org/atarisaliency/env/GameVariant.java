package org.atarisaliency.env;

/**
 * A variant of a game written through the console RAM (HackAtari-style, Delfosse et al.): after every
 * emulator frame, {@link AtariEnv} asks the variant for RAM writes, given the RAM before and after that
 * frame, and makes them. Applied per emulator frame rather than per agent step, so that every screen
 * the game draws (an agent's observation may be the max of a step's last two screens, and the frame
 * skip differs between game ids) comes from the changed game, and the no-op frames of an episode start
 * see it too. A variant keeps no state of its own: what it needs is in the RAM before the frame (part of
 * the emulator's state), so {@link AtariEnv#cloneState}/{@link AtariEnv#restoreState} and every replay
 * from a restored state see it identically. A game's variants are listed by its {@link GameModel}.
 */
public interface GameVariant {
    /** The name a user gives ({@code lazy_enemy}). */
    String name();

    /** What the variant does, in one line. */
    String description();

    /** How the variant was verified on real frames, in one line. */
    String verified();

    /**
     * The objects ({@link GameObjects} names) whose position the variant writes every frame whatever the RAM held
     * before it: a move of one of them is undone by the next frame, so it cannot take (Pong's {@code frozen_enemy}
     * holds the enemy). A variant that keeps what the RAM held ({@code lazy_enemy}) holds nothing: a moved object
     * stays moved under it.
     */
    default java.util.List<String> holds() {
        return java.util.List.of();
    }

    /**
     * The objects ({@link GameObjects} names) whose behaviour or look the variant changes: the objects an agent that
     * collapses under it may have relied on ({@code lazy_enemy} changes the enemy). Empty when it changes no object
     * the game's object model has (SpaceInvaders' {@code no_enemy_fire} changes the bullets).
     */
    java.util.List<String> changes();

    /**
     * The {index, value} RAM writes to make after a frame.
     *
     * @param before  the RAM before the frame
     * @param after   the RAM after it
     */
    int[][] writes(byte[] before, byte[] after);
}
