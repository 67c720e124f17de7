package org.atarisaliency.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of games with an object model, keyed by ROM name. Adding a game is one class
 * implementing {@link GameModel} and one line in {@link #MODELS}.
 */
public final class GameModels {
    private static final List<GameModel> MODELS = List.of(
            new PongModel(),
            new BreakoutModel(),
            new SpaceInvadersModel());

    private static final Map<String, GameModel> BY_ROM = index(MODELS);

    private GameModels() {
    }

    private static Map<String, GameModel> index(List<GameModel> models) {
        Map<String, GameModel> out = new LinkedHashMap<>();
        for (GameModel m : models) {
            if (out.put(m.rom(), m) != null) {
                throw new IllegalStateException("two object models for ROM " + m.rom());
            }
        }
        return out;
    }

    /** The model of {@code rom}, if it has one. */
    public static Optional<GameModel> find(String rom) {
        return Optional.ofNullable(BY_ROM.get(rom));
    }

    /** The model of {@code rom}; a one-line error naming the supported ROMs when it has none. */
    public static GameModel require(String rom) {
        GameModel m = BY_ROM.get(rom);
        if (m == null) {
            throw new IllegalArgumentException("no object model for " + rom + "; supported: " + supported());
        }
        return m;
    }

    /** The ROM names with a model, in registry order. */
    public static List<String> roms() {
        return new ArrayList<>(BY_ROM.keySet());
    }

    /** The ROM names with a model, comma-separated ({@code pong, breakout, space_invaders}). */
    public static String supported() {
        return String.join(", ", BY_ROM.keySet());
    }
}
