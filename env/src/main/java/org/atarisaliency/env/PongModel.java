package org.atarisaliency.env;

import static org.atarisaliency.env.GameObjects.u;

import java.util.List;

/** Pong's object model (addresses in {@link GameObjects}' table). The agent is the right (green) paddle. */
final class PongModel implements GameModel {
    @Override
    public String rom() {
        return "pong";
    }

    @Override
    public String agentObject() {
        return "right paddle (green)";
    }

    @Override
    public List<GameObjects.Coordinate> coordinates() {
        return List.of(new GameObjects.Coordinate("ball", "x", 49, -49), new GameObjects.Coordinate("ball", "y", 54, -14),
                new GameObjects.Coordinate("player", "y", 51, -14, 60), new GameObjects.Coordinate("enemy", "y", 50, -15, 21));
    }

    @Override
    public List<GameObjects.GameObject> objects(byte[] ram) {
        boolean ball = u(ram, 54) != 0;
        return List.of(
                new GameObjects.GameObject("ball", ball ? new GameObjects.Box(u(ram, 54) - 14, u(ram, 49) - 49, 4, 2) : null),
                new GameObjects.GameObject("player", new GameObjects.Box(u(ram, 51) - 14, 140, 16, 4)),
                new GameObjects.GameObject("enemy", new GameObjects.Box(u(ram, 50) - 15, 16, 16, 4)),
                scoreObject("player_score", ram),
                scoreObject("enemy_score", ram));
    }

    private GameObjects.GameObject scoreObject(String name, byte[] ram) {
        return new GameObjects.GameObject(name, scoreDigitsBox(scoreBox(name), score(name, ram)));
    }

    /** RAM[14], binary points. */
    @Override
    public int score(byte[] ram) {
        return u(ram, 14);
    }

    @Override
    public int score(String object, byte[] ram) {
        return object.equals("enemy_score") ? GameObjects.pongEnemyScore(ram) : score(ram);
    }

    @Override
    public int maxScore() {
        return 21;
    }

    /** An episode's return is the points won less the points lost: -21 at worst. */
    @Override
    public int lowestReturn() {
        return -maxScore();
    }

    /** 21 ends the game, so a score may rise while below 20. */
    @Override
    public boolean scoreCanRise(int score, int delta) {
        return score < 20;
    }

    @Override
    public GameObjects.Box scoreBox(String object) {
        return switch (object) {
            case "player_score" -> new GameObjects.Box(1, 100, 20, 28);
            case "enemy_score" -> new GameObjects.Box(1, 20, 20, 28);
            default -> null;
        };
    }

    @Override
    public GameObjects.Box scoreDigitsBox(GameObjects.Box area, int value) {
        return GameObjects.digitsBox(area, value, 2, false);
    }

    @Override
    public int[][] scoreWrites(String object, int v) {
        return switch (object) {
            case "player_score" -> new int[][] {{14, v}, {71, 202 + 5 * (v % 10)}, {75, 202 + 5 * (v / 10)}};
            case "enemy_score" -> new int[][] {{13, v}, {69, 202 + 5 * (v % 10)}, {73, 202 + 5 * (v / 10)}};
            default -> null;
        };
    }

    @Override
    public List<Intervention> ownInterventions() {
        return List.of(new Interventions.ScoreUp(rom(), "player_score", 1), new Interventions.ScoreUp(rom(), "enemy_score", 1));
    }

    @Override
    public List<GameVariant> variants() {
        return PongVariants.ALL;
    }

    @Override
    public boolean detectsContacts() {
        return true;
    }

    /** Local maxima of the ball's x (RAM[49]) at RAM[49] >= 178 (see {@link PaddleContacts}). */
    @Override
    public List<Integer> agentContacts(List<byte[]> ram) {
        return PaddleContacts.turns(ram, 49, 54, true, 178, Integer.MAX_VALUE);
    }

    /** Local minima of the ball's x at RAM[49] <= 80. */
    @Override
    public List<Integer> opponentContacts(List<byte[]> ram) {
        return PaddleContacts.turns(ram, 49, 54, false, Integer.MIN_VALUE, 80);
    }
}
