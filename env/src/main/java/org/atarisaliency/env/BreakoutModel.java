package org.atarisaliency.env;

import static org.atarisaliency.env.GameObjects.bcd;
import static org.atarisaliency.env.GameObjects.toBcd;
import static org.atarisaliency.env.GameObjects.u;

import java.util.List;

/** Breakout's object model (addresses in {@link GameObjects}' table). The agent is the paddle. */
final class BreakoutModel implements GameModel {
    @Override
    public String rom() {
        return "breakout";
    }

    @Override
    public String agentObject() {
        return "paddle (bottom, red)";
    }

    @Override
    public List<GameObjects.Coordinate> coordinates() {
        return List.of(new GameObjects.Coordinate("ball", "x", 99, -49), new GameObjects.Coordinate("ball", "y", 101, 9),
                new GameObjects.Coordinate("paddle", "x", 72, -47));
    }

    @Override
    public List<GameObjects.GameObject> objects(byte[] ram) {
        boolean ball = u(ram, 101) != 0;
        return List.of(
                new GameObjects.GameObject("ball", ball ? new GameObjects.Box(u(ram, 101) + 9, u(ram, 99) - 49, 4, 2) : null),
                new GameObjects.GameObject("paddle", new GameObjects.Box(189, u(ram, 72) - 47, 4, 16)),
                new GameObjects.GameObject("score", scoreDigitsBox(scoreBox("score"), score(ram))),
                new GameObjects.GameObject("bricks", GameObjects.cellsBox(GameObjects.bricks(ram), GameObjects::brickBox)));
    }

    /** BCD RAM[76] (hundreds) and RAM[77] (tens, ones). */
    @Override
    public int score(byte[] ram) {
        return bcd(u(ram, 76)) * 100 + bcd(u(ram, 77));
    }

    @Override
    public int maxScore() {
        return 999;
    }

    @Override
    public GameObjects.Box scoreBox(String object) {
        return object.equals("score") ? new GameObjects.Box(5, 36, 10, 44) : null;
    }

    @Override
    public GameObjects.Box scoreDigitsBox(GameObjects.Box area, int value) {
        return GameObjects.digitsBox(area, value, 3, true);
    }

    @Override
    public int[][] scoreWrites(String object, int v) {
        return object.equals("score") ? new int[][] {{77, toBcd(v % 100)}, {76, toBcd(v / 100)}, {84, 5 * (v % 10)},
                {82, 5 * (v / 10 % 10)}, {80, 5 * (v / 100)}} : null;
    }

    /** RAM[57]. */
    @Override
    public int lives(byte[] ram) {
        return u(ram, 57);
    }

    /** The paddle follows its controller: a write is pulled back. */
    @Override
    public boolean moveTakes(String object, String axis) {
        return !object.equals("paddle");
    }

    @Override
    public List<Intervention> ownInterventions() {
        return List.of(new Interventions.BrickColumnDelete(false), new Interventions.BrickColumnDelete(true),
                new Interventions.ScoreUp(rom(), "score", 1));
    }

    @Override
    public boolean detectsContacts() {
        return true;
    }

    /** Local maxima of the ball's height (RAM[101]) at RAM[101] >= 165 (see {@link PaddleContacts}). */
    @Override
    public List<Integer> agentContacts(List<byte[]> ram) {
        return PaddleContacts.turns(ram, 101, 0, true, 165, Integer.MAX_VALUE);
    }

    @Override
    public List<GameVariant> variants() {
        return BreakoutVariants.ALL;
    }
}
