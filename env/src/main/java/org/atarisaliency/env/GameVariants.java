package org.atarisaliency.env;

import java.util.ArrayList;
import java.util.List;

/** The game variants a user names ({@code lazy_enemy,straight_ball}), resolved against a game's {@link GameModel}. */
public final class GameVariants {
    /** The setting's value that names no variant. */
    public static final String NONE = "none";

    private GameVariants() {
    }

    /** The names in a comma-separated list; empty for {@link #NONE} or a blank text. */
    public static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank() || text.trim().equals(NONE)) {
            return out;
        }
        for (String n : text.split(",", -1)) {
            String name = n.trim();
            if (name.isEmpty()) {
                throw new InvalidSettingException("variant", "has an empty name in '" + text + "'; give names separated by commas, or none");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Checks that every name in {@code text} is a variant of some game (the setting's own check, before a game is known). */
    public static void check(String text) {
        for (String name : names(text)) {
            boolean known = GameModels.roms().stream().anyMatch(rom -> find(rom, name) != null);
            if (!known) {
                throw new InvalidSettingException("variant", "has no game with a variant '" + name + "'; variants: " + allNames());
            }
        }
    }

    /**
     * The variants {@code text} names for the game of ROM {@code rom}; a one-line error naming the game's variants
     * for a name it does not have (or naming the games with variants, for a game without an object model).
     */
    public static List<GameVariant> of(String rom, String text) {
        List<GameVariant> out = new ArrayList<>();
        for (String name : names(text)) {
            GameVariant v = find(rom, name);
            if (v == null) {
                throw new InvalidSettingException("variant", "'" + name + "' is not a variant of " + rom + "; " + rom + "'s variants: "
                        + namesOf(rom));
            }
            out.add(v);
        }
        return out;
    }

    /** The names of {@code rom}'s variants, comma-separated, or "none". */
    public static String namesOf(String rom) {
        List<String> names = GameModels.find(rom).map(m -> m.variants().stream().map(GameVariant::name).toList()).orElse(List.of());
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** The names of every game's variants, comma-separated. */
    private static String allNames() {
        List<String> names = new ArrayList<>();
        for (String rom : GameModels.roms()) {
            GameModels.require(rom).variants().forEach(v -> names.add(v.name() + " (" + rom + ")"));
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static GameVariant find(String rom, String name) {
        return GameModels.find(rom).flatMap(m -> m.variants().stream().filter(v -> v.name().equals(name)).findFirst()).orElse(null);
    }
}
