package org.atarisaliency.env;

import java.util.List;

/**
 * One game's object model: what {@link GameObjects}, {@link Interventions} and {@link PaddleContacts}
 * know about it (RAM addresses, screen boxes, score counters, its own interventions, paddle contacts,
 * the object the agent controls). One implementation per game, listed in {@link GameModels}.
 */
public interface GameModel {
    /** The ROM name this model is keyed by ({@code pong}). */
    String rom();

    /** The object the agent controls, in words for a viewer ({@link GameObjects#agentObject}). */
    String agentObject();

    /** The RAM coordinates of the movable objects ({@link GameObjects#coordinates}). */
    List<GameObjects.Coordinate> coordinates();

    /** The objects of a RAM state with their screen boxes ({@link GameObjects#objects}). */
    List<GameObjects.GameObject> objects(byte[] ram);

    /** The player's score ({@link GameObjects#score(String, byte[])}). */
    int score(byte[] ram);

    /** The score of a score object; only Pong has more than one. */
    default int score(String object, byte[] ram) {
        return score(ram);
    }

    /** The highest score the display and counter hold. */
    int maxScore();

    /** The lowest return an episode can have (0 where points are only won; Pong's -21: every point lost). */
    default int lowestReturn() {
        return 0;
    }

    /** Whether a score object at {@code score} may gain {@code delta} points (the game goes on). */
    default boolean scoreCanRise(int score, int delta) {
        return score + delta <= maxScore();
    }

    /** The screen area of a score object, or null when the game has no such score object. */
    GameObjects.Box scoreBox(String object);

    /** The tight box of the digits {@code value} shows inside {@code area} (default: the whole area). */
    default GameObjects.Box scoreDigitsBox(GameObjects.Box area, int value) {
        return area;
    }

    /** The {index, value} RAM writes that set a score object to {@code v}, or null when there is no such object. */
    int[][] scoreWrites(String object, int v);

    /** Lives left; throws for a game without a lives counter. */
    default int lives(byte[] ram) {
        throw new IllegalArgumentException("no lives address for " + rom());
    }

    /** Whether moving this coordinate takes on the screen ({@link GameObjects#takes}). */
    default boolean moveTakes(String object, String axis) {
        return true;
    }

    /** The game's own interventions (deletions, score changes), after the moves {@link Interventions#of} adds. */
    List<Intervention> ownInterventions();

    /** Whether {@link #agentContacts} can find the agent's paddle hits in this game. */
    default boolean detectsContacts() {
        return false;
    }

    /** Steps at which the agent's paddle hit the ball ({@link PaddleContacts#agent}). */
    default List<Integer> agentContacts(List<byte[]> ram) {
        return List.of();
    }

    /** The game's variants written through the RAM ({@link GameVariant}), in the order {@code games --variants} lists them. */
    default List<GameVariant> variants() {
        return List.of();
    }

    /** Steps at which the opponent's paddle hit the ball ({@link PaddleContacts#opponent}). */
    default List<Integer> opponentContacts(List<byte[]> ram) {
        return List.of();
    }
}
