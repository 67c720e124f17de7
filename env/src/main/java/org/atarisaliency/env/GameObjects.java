package org.atarisaliency.env;

import java.util.ArrayList;
import java.util.List;

/**
 * Object-level state of Pong, Breakout and SpaceInvaders read from the 128-byte console RAM, with
 * the RAM-to-screen mapping of each object's pixel box, for object-level counterfactuals through
 * {@link AtariEnv#setRam} (Atrey et al., ICLR 2020).
 *
 * <p>Addresses start from AtariARI's annotations (Anand et al. 2019) and every mapping was fitted on
 * real frames (seeded random play, NoFrameskip: the object found by its colour, the offset regressed);
 * {@code GameObjectsTest} checks them on hundreds of frames per game. A coordinate is
 * {@code screen = RAM[index] + offset} (rows from the top, columns from the left of the 210x160
 * screen). Screen boxes may be clipped by the playfield (Pong's paddles at the walls) and, on
 * SpaceInvaders, the player is drawn from the previous frame's RAM (one frame behind, 1 px).
 *
 * <table>
 *   <caption>Addresses (verified on frames unless noted)</caption>
 *   <tr><th>game</th><th>object</th><th>RAM</th><th>screen</th></tr>
 *   <tr><td>pong</td><td>ball</td><td>49 (x), 54 (y)</td><td>left = x - 49, top = y - 14; 2x4 px</td></tr>
 *   <tr><td>pong</td><td>player (right, green)</td><td>51 (write 60)</td><td>top = y - 14 (+-1), cols 140..143, 16 rows</td></tr>
 *   <tr><td>pong</td><td>enemy (left, orange)</td><td>50 (write 21, which 50 copies)</td><td>top = y - 15, cols 16..19, 16 rows</td></tr>
 *   <tr><td>pong</td><td>scores</td><td>13 (enemy), 14 (player)</td><td>binary points (checked against rewards)</td></tr>
 *   <tr><td>breakout</td><td>ball</td><td>99 (x), 101 (y)</td><td>left = x - 49, top = y + 9; 0 = no ball</td></tr>
 *   <tr><td>breakout</td><td>paddle</td><td>72</td><td>left = x - 47, 16 px wide, rows 189..192</td></tr>
 *   <tr><td>breakout</td><td>score</td><td>77</td><td>BCD, last two digits (AtariARI's "blocks_hit_count"; its 84/85 are not the score)</td></tr>
 *   <tr><td>spaceinvaders</td><td>player</td><td>28</td><td>left = x - 1 (previous frame's value), rows 185..192</td></tr>
 *   <tr><td>spaceinvaders</td><td>invaders (formation)</td><td>26</td><td>left edge of the formation = x - 1</td></tr>
 *   <tr><td>spaceinvaders</td><td>score, invaders left, lives</td><td>104 (BCD low digits, 102 high), 17, 73</td><td>checked against rewards / ALE lives</td></tr>
 * </table>
 */
public final class GameObjects {
    private GameObjects() {
    }

    /** A screen pixel box: rows top..top+height-1, columns left..left+width-1 (not clipped). */
    public record Box(int top, int left, int height, int width) {
    }

    /**
     * One RAM-backed object coordinate: {@code screen = RAM[ramIndex] + offset} along {@code axis}
     * ("x" = column of the left edge, "y" = row of the top edge). {@code writeIndex} is the byte an
     * intervention writes: the same byte, or on Pong the game state behind a display copy (RAM[51]
     * is redrawn from RAM[60] each frame, RAM[50] from RAM[21], so writes to 51/50 do not take).
     */
    public record Coordinate(String object, String axis, int ramIndex, int offset, int writeIndex) {
        Coordinate(String object, String axis, int ramIndex, int offset) {
            this(object, axis, ramIndex, offset, ramIndex);
        }

        /** The screen coordinate this RAM state gives. */
        public int screen(byte[] ram) {
            return (ram[ramIndex] & 0xff) + offset;
        }
    }

    /** An object of the current state: its name and screen box (null when not in play). */
    public record GameObject(String name, Box box) {
    }

    /** Whether this ROM has an object model. */
    public static boolean supported(String rom) {
        return rom.equals("pong") || rom.equals("breakout") || rom.equals("spaceinvaders");
    }

    /** The RAM coordinates of the game's movable objects (empty for an unsupported ROM). */
    public static List<Coordinate> coordinates(String rom) {
        return switch (rom) {
            case "pong" -> List.of(new Coordinate("ball", "x", 49, -49), new Coordinate("ball", "y", 54, -14),
                    new Coordinate("player", "y", 51, -14, 60), new Coordinate("enemy", "y", 50, -15, 21));
            case "breakout" -> List.of(new Coordinate("ball", "x", 99, -49), new Coordinate("ball", "y", 101, 9),
                    new Coordinate("paddle", "x", 72, -47));
            case "spaceinvaders" -> List.of(new Coordinate("player", "x", 28, -1), new Coordinate("invaders", "x", 26, -1));
            default -> List.of();
        };
    }

    /** The coordinate of {@code object} along {@code axis}; throws when there is none. */
    public static Coordinate coordinate(String rom, String object, String axis) {
        for (Coordinate c : coordinates(rom)) {
            if (c.object().equals(object) && c.axis().equals(axis)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no RAM coordinate " + object + "." + axis + " for " + rom
                + "; known: " + coordinates(rom));
    }

    /** The objects of a RAM state with their screen boxes. */
    public static List<GameObject> objects(String rom, byte[] ram) {
        List<GameObject> out = new ArrayList<>();
        switch (rom) {
            case "pong" -> {
                boolean ball = u(ram, 54) != 0;
                out.add(new GameObject("ball", ball ? new Box(u(ram, 54) - 14, u(ram, 49) - 49, 4, 2) : null));
                out.add(new GameObject("player", new Box(u(ram, 51) - 14, 140, 16, 4)));
                out.add(new GameObject("enemy", new Box(u(ram, 50) - 15, 16, 16, 4)));
            }
            case "breakout" -> {
                boolean ball = u(ram, 101) != 0;
                out.add(new GameObject("ball", ball ? new Box(u(ram, 101) + 9, u(ram, 99) - 49, 4, 2) : null));
                out.add(new GameObject("paddle", new Box(189, u(ram, 72) - 47, 4, 16)));
            }
            case "spaceinvaders" -> {
                out.add(new GameObject("player", new Box(185, u(ram, 28) - 1, 8, 7)));
            }
            default -> {
            }
        }
        return out;
    }

    /** Score counters: Pong {player, enemy}; Breakout {score mod 100}; SpaceInvaders {score}. */
    public static int score(String rom, byte[] ram) {
        return switch (rom) {
            case "pong" -> u(ram, 14);
            case "breakout" -> bcd(u(ram, 77));
            case "spaceinvaders" -> bcd(u(ram, 102)) * 100 + bcd(u(ram, 104));
            default -> throw new IllegalArgumentException("no score address for " + rom);
        };
    }

    /** Pong only: the opponent's points (RAM[13]). */
    public static int pongEnemyScore(byte[] ram) {
        return u(ram, 13);
    }

    /** SpaceInvaders only: invaders left (RAM[17]). */
    public static int invadersLeft(byte[] ram) {
        return u(ram, 17);
    }

    /**
     * Moves an object by {@code delta} pixels along {@code axis} by writing its
     * {@link Coordinate#writeIndex()} byte (clamped to 0..255); returns the value written. The screen
     * shows it after the next emulated frame. Verified to take (GameObjectsTest, one NOOP frame):
     * Pong ball x/y and both paddles, Breakout ball x/y, SpaceInvaders player and formation x.
     * Breakout's paddle does NOT take: the game re-derives it from the paddle controller (a +8 write
     * showed as +4 and is pulled back), so {@link #takes} is false for it.
     */
    public static int move(AtariEnv env, String rom, String object, String axis, int delta) {
        Coordinate c = coordinate(rom, object, axis);
        int v = Math.max(0, Math.min(255, env.ram(c.writeIndex()) + delta));
        env.setRam(c.writeIndex(), v);
        return v;
    }

    /** Whether a {@link #move} of this coordinate was seen to take on real frames (GameObjectsTest). */
    public static boolean takes(String rom, String object, String axis) {
        coordinate(rom, object, axis);
        return !(rom.equals("breakout") && object.equals("paddle"));
    }

    private static int u(byte[] ram, int i) {
        return ram[i] & 0xff;
    }

    private static int bcd(int b) {
        return (b >> 4) * 10 + (b & 15);
    }
}
