package org.atarisaliency.env;

import static org.atarisaliency.env.GameObjects.bcd;
import static org.atarisaliency.env.GameObjects.toBcd;
import static org.atarisaliency.env.GameObjects.u;

import java.util.List;

/** SpaceInvaders' object model (addresses in {@link GameObjects}' table). The agent is the cannon. */
final class SpaceInvadersModel implements GameModel {
    @Override
    public String rom() {
        return "space_invaders";
    }

    @Override
    public String agentObject() {
        return "cannon (bottom, green)";
    }

    @Override
    public List<GameObjects.Coordinate> coordinates() {
        return List.of(new GameObjects.Coordinate("player", "x", 28, -1), new GameObjects.Coordinate("invaders", "x", 26, -1));
    }

    @Override
    public List<GameObjects.GameObject> objects(byte[] ram) {
        return List.of(
                new GameObjects.GameObject("player", new GameObjects.Box(185, u(ram, 28) - 1, 8, 7)),
                new GameObjects.GameObject("score", scoreBox("score")),
                new GameObjects.GameObject("invaders",
                        GameObjects.cellsBox(GameObjects.invaders(ram), (r, c) -> GameObjects.invaderBox(ram, r, c))));
    }

    /** BCD RAM[102] (thousands, hundreds) and RAM[104] (tens, ones). */
    @Override
    public int score(byte[] ram) {
        return bcd(u(ram, 102)) * 100 + bcd(u(ram, 104));
    }

    @Override
    public int maxScore() {
        return 9999;
    }

    @Override
    public GameObjects.Box scoreBox(String object) {
        return object.equals("score") ? new GameObjects.Box(10, 4, 10, 60) : null;
    }

    @Override
    public int[][] scoreWrites(String object, int v) {
        return object.equals("score") ? new int[][] {{104, toBcd(v % 100)}, {102, toBcd(v / 100)}} : null;
    }

    /** RAM[73]. */
    @Override
    public int lives(byte[] ram) {
        return u(ram, 73);
    }

    @Override
    public List<Intervention> ownInterventions() {
        return List.of(new Interventions.InvaderDelete(false), new Interventions.InvaderDelete(true),
                new Interventions.ShieldDelete(false), new Interventions.ShieldDelete(true),
                new Interventions.ScoreUp(rom(), "score", 10));
    }

    @Override
    public List<GameVariant> variants() {
        return SpaceInvadersVariants.ALL;
    }
}
