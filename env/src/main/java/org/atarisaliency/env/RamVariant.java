package org.atarisaliency.env;

import java.util.List;

/**
 * A {@link GameVariant} given by its name, one-line texts, the objects it changes and holds, and its writes: how every game's variants
 * ({@link PongVariants}, {@link BreakoutVariants}, {@link SpaceInvadersVariants}) are declared.
 */
record RamVariant(String name, String description, String verified, List<String> changes, List<String> holds, Writes rule) implements GameVariant {
    /** The {index, value} RAM writes after a frame, given the RAM before and after it ({@link GameVariant#writes}). */
    interface Writes {
        int[][] of(byte[] before, byte[] after);
    }

    RamVariant {
        changes = List.copyOf(changes);
        holds = List.copyOf(holds);
    }

    @Override
    public int[][] writes(byte[] before, byte[] after) {
        return rule.of(before, after);
    }

    @Override
    public String toString() {
        return name;
    }
}
