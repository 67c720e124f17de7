package org.atarisaliency.env;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The interventions of each game ({@link Intervention}), built on {@link GameObjects}' RAM model:
 * every movable object moved by +-{@code shift} pixels along each of its axes, plus the game's
 * deletions and score changes. The README lists them per game.
 */
public final class Interventions {
    private Interventions() {
    }

    /** The interventions of {@code rom} (empty when {@link GameObjects#supported} is false). */
    public static List<Intervention> of(String rom, int shift) {
        if (shift < 1 || shift > 100) {
            throw new InvalidSettingException("shift", "must be 1..100 pixels, got " + shift);
        }
        List<Intervention> out = new ArrayList<>();
        for (GameObjects.Coordinate c : GameObjects.coordinates(rom)) {
            out.add(new Move(rom, c.object(), c.axis(), shift));
            out.add(new Move(rom, c.object(), c.axis(), -shift));
        }
        GameModels.find(rom).ifPresent(m -> out.addAll(m.ownInterventions()));
        return out;
    }

    /** The index in 0..n-1 nearest ({@code far}: farthest) by {@code distance} among those {@code present} (first on ties), or -1. */
    static int pick(int n, java.util.function.IntPredicate present, java.util.function.IntToDoubleFunction distance, boolean far) {
        int best = -1;
        double bestDist = 0;
        for (int i = 0; i < n; i++) {
            if (!present.test(i)) {
                continue;
            }
            double d = distance.applyAsDouble(i);
            if (best < 0 || (far ? d > bestDist : d < bestDist)) {
                best = i;
                bestDist = d;
            }
        }
        return best;
    }

    /** Whether two screens differ anywhere. */
    static boolean differ(byte[] a, byte[] b) {
        return !Arrays.equals(a, 0, AtariEnv.FRAME_BYTES, b, 0, AtariEnv.FRAME_BYTES);
    }

    /** Whether two screens differ inside a box (clipped to the screen). */
    static boolean differIn(byte[] a, byte[] b, GameObjects.Box box) {
        for (int y = Math.max(0, box.top()); y < Math.min(AtariEnv.HEIGHT, box.top() + box.height()); y++) {
            int from = (y * AtariEnv.WIDTH + Math.max(0, box.left())) * AtariEnv.CHANNELS;
            int to = (y * AtariEnv.WIDTH + Math.min(AtariEnv.WIDTH, box.left() + box.width())) * AtariEnv.CHANNELS;
            if (from < to && !Arrays.equals(a, from, to, b, from, to)) {
                return true;
            }
        }
        return false;
    }

    /** The box of object {@code name} in a RAM state, or null. */
    static GameObjects.Box objectBox(String rom, String name, byte[] ram) {
        for (GameObjects.GameObject o : GameObjects.objects(rom, ram)) {
            if (o.name().equals(name)) {
                return o.box();
            }
        }
        return null;
    }

    /**
     * Moves an object by {@code delta} pixels ({@link GameObjects#move}). Applicable when the object is
     * drawn and its moved box stays on the screen; took when its RAM coordinate after the step differs
     * from the control's by {@code delta} (+-1) and the screens differ.
     */
    record Move(String rom, String object, String axis, int delta) implements Intervention {
        @Override
        public String name() {
            return object + "." + axis + (delta > 0 ? "+" : "") + delta;
        }

        @Override
        public String kind() {
            return "move";
        }

        @Override
        public boolean applicable(byte[] ram) {
            GameObjects.Box b = objectBox(rom, object, ram);
            GameObjects.Coordinate c = GameObjects.coordinate(rom, object, axis);
            int v = (ram[c.writeIndex()] & 0xff) + delta;
            if (b == null || v < 0 || v > 255) {
                return false;
            }
            return axis.equals("x") ? b.left() + delta >= 0 && b.left() + b.width() + delta <= AtariEnv.WIDTH
                    : b.top() + delta >= 0 && b.top() + b.height() + delta <= AtariEnv.HEIGHT;
        }

        @Override
        public void apply(AtariEnv env) {
            GameObjects.move(env, rom, object, axis, delta);
        }

        @Override
        public GameObjects.Box box(byte[] before, byte[] drawn) {
            return objectBox(rom, object, drawn);
        }

        @Override
        public boolean took(byte[] controlRam, byte[] intervenedRam, byte[] controlFrame, byte[] intervenedFrame) {
            GameObjects.Coordinate c = GameObjects.coordinate(rom, object, axis);
            int moved = (intervenedRam[c.ramIndex()] & 0xff) - (controlRam[c.ramIndex()] & 0xff);
            return Math.abs(moved - delta) <= 1 && differ(controlFrame, intervenedFrame);
        }
    }

    /**
     * Adds {@code delta} points to a score ({@link GameObjects#setScore}: the counter and the digits the
     * game draws from it). Applicable while the new score stays below the game's end (Pong: score < 20)
     * and in range; took when the intervened score after the step exceeds the control's by
     * {@code delta} and the screens differ inside the score's box.
     */
    record ScoreUp(String rom, String object, int delta) implements Intervention {
        @Override
        public String name() {
            return object + "+" + delta;
        }

        @Override
        public String kind() {
            return "score";
        }

        @Override
        public boolean applicable(byte[] ram) {
            int v = GameObjects.score(rom, object, ram);
            return GameModels.require(rom).scoreCanRise(v, delta);
        }

        @Override
        public void apply(AtariEnv env) {
            GameObjects.setScore(env, rom, object, GameObjects.score(rom, object, env.ram()) + delta);
        }

        @Override
        public GameObjects.Box box(byte[] before, byte[] drawn) {
            return GameObjects.scoreBox(rom, object);
        }

        @Override
        public boolean took(byte[] controlRam, byte[] intervenedRam, byte[] controlFrame, byte[] intervenedFrame) {
            int d = GameObjects.score(rom, object, intervenedRam) - GameObjects.score(rom, object, controlRam);
            return d == delta && differIn(controlFrame, intervenedFrame, GameObjects.scoreBox(rom, object));
        }
    }

    /**
     * Breakout: deletes the whole brick column ({@link GameObjects#deleteBrickColumn}) nearest to
     * ({@code far} false, {@code bricks.delete-near}) or farthest from ({@code bricks.delete-far}) the
     * ball's x, or the paddle's when no ball is in play, among the columns with a brick left.
     * Applicable when a column has bricks; took when, after the step, exactly the bricks of one column
     * differ from the control (all gone in the intervened state, at least one there in the control) and
     * the screens differ inside that column.
     */
    record BrickColumnDelete(boolean far) implements Intervention {
        @Override
        public String name() {
            return far ? "bricks.delete-far" : "bricks.delete-near";
        }

        @Override
        public String object() {
            return "bricks";
        }

        @Override
        public String kind() {
            return "delete";
        }

        /** The target column in a RAM state, or -1 when the wall is empty. */
        int target(byte[] ram) {
            double x = (ram[101] & 0xff) != 0 ? (ram[99] & 0xff) - 49 + 1 : (ram[72] & 0xff) - 47 + 8;
            return pick(GameObjects.BRICK_COLUMNS, c -> GameObjects.brickColumnPresent(ram, c), c -> Math.abs(8 + 8 * c + 4 - x), far);
        }

        @Override
        public boolean applicable(byte[] ram) {
            return target(ram) >= 0;
        }

        @Override
        public void apply(AtariEnv env) {
            int c = target(env.ram());
            if (c >= 0) {
                GameObjects.deleteBrickColumn(env, c);
            }
        }

        @Override
        public GameObjects.Box box(byte[] before, byte[] drawn) {
            int c = target(before);
            return c < 0 ? null : GameObjects.brickColumnBox(c);
        }

        @Override
        public boolean took(byte[] controlRam, byte[] intervenedRam, byte[] controlFrame, byte[] intervenedFrame) {
            boolean[][] ctl = GameObjects.bricks(controlRam), iv = GameObjects.bricks(intervenedRam);
            int column = -1;
            for (int c = 0; c < GameObjects.BRICK_COLUMNS; c++) {
                boolean differs = false, left = false;
                for (int r = 0; r < GameObjects.BRICK_ROWS; r++) {
                    differs |= ctl[r][c] != iv[r][c];
                    left |= iv[r][c];
                }
                if (differs) {
                    if (column >= 0 || left) {
                        return false;
                    }
                    column = c;
                }
            }
            return column >= 0 && differIn(controlFrame, intervenedFrame, GameObjects.brickColumnBox(column));
        }
    }

    /**
     * SpaceInvaders: deletes one alive invader ({@link GameObjects#deleteInvader}): {@code
     * invader.delete-near} the lowest one of the column nearest to the player's x, {@code
     * invader.delete-far} the one farthest from the player (screen distance between box centres).
     * Applicable when at least two invaders are alive (deleting the last one ends the wave); took when,
     * after the step, the intervened state has one invader fewer than the control (bits and RAM[17])
     * and the screens differ (not only inside the box: when a whole column goes, the game shifts the
     * formation's bits and x, so which cell it was is not known from the two states after the step).
     */
    record InvaderDelete(boolean far) implements Intervention {
        @Override
        public String name() {
            return far ? "invader.delete-far" : "invader.delete-near";
        }

        @Override
        public String object() {
            return "invader";
        }

        @Override
        public String kind() {
            return "delete";
        }

        /** {row, column} of the target invader, or null. */
        int[] target(byte[] ram) {
            boolean[][] alive = GameObjects.invaders(ram);
            double px = (ram[28] & 0xff) - 1 + 3.5, py = 185 + 4;
            int[] best = null;
            double bestDist = 0;
            for (int r = 0; r < GameObjects.INVADER_ROWS; r++) {
                for (int c = 0; c < GameObjects.INVADER_COLUMNS; c++) {
                    if (!alive[r][c]) {
                        continue;
                    }
                    GameObjects.Box b = GameObjects.invaderBox(ram, r, c);
                    double dx = b.left() + 4 - px, dy = b.top() + 5 - py;
                    // near: the nearest column first, then the lowest row in it
                    double d = far ? Math.hypot(dx, dy) : Math.abs(dx) * 1000 - r;
                    if (best == null || (far ? d > bestDist : d < bestDist)) {
                        best = new int[] {r, c};
                        bestDist = d;
                    }
                }
            }
            return best;
        }

        @Override
        public boolean applicable(byte[] ram) {
            int n = 0;
            for (boolean[] row : GameObjects.invaders(ram)) {
                for (boolean a : row) {
                    n += a ? 1 : 0;
                }
            }
            return n >= 2;
        }

        @Override
        public void apply(AtariEnv env) {
            int[] t = target(env.ram());
            if (t != null) {
                GameObjects.deleteInvader(env, t[0], t[1]);
            }
        }

        @Override
        public GameObjects.Box box(byte[] before, byte[] drawn) {
            int[] t = target(before);
            return t == null ? null : GameObjects.invaderBox(drawn, t[0], t[1]);
        }

        static int alive(byte[] ram) {
            int n = 0;
            for (int i = 18; i <= 23; i++) {
                n += Integer.bitCount(ram[i] & 0x3f);
            }
            return n;
        }

        @Override
        public boolean took(byte[] controlRam, byte[] intervenedRam, byte[] controlFrame, byte[] intervenedFrame) {
            return alive(intervenedRam) == alive(controlRam) - 1
                    && GameObjects.invadersLeft(intervenedRam) == GameObjects.invadersLeft(controlRam) - 1
                    && differ(controlFrame, intervenedFrame);
        }
    }

    /**
     * Removes the shield nearest to ({@code far}: farthest from) the player's x among those with any cell
     * left (SpaceInvaders; RAM 43..69, as HackAtari disables them). Took when that shield has no cell
     * left after the step, it had some in the control, and its pixels changed.
     */
    record ShieldDelete(boolean far) implements Intervention {
        @Override
        public String name() {
            return far ? "shields.delete-far" : "shields.delete-near";
        }

        @Override
        public String object() {
            return "shields";
        }

        @Override
        public String kind() {
            return "delete";
        }

        /** The target shield in a RAM state, or -1 when none is left. */
        int target(byte[] ram) {
            boolean[][][] sh = GameObjects.shields(ram);
            double px = (ram[28] & 0xff) - 1 + 3.5;
            return pick(sh.length, k -> any(sh[k]), k -> {
                GameObjects.Box b = GameObjects.shieldBox(ram, k);
                return Math.abs(b.left() + b.width() / 2.0 - px);
            }, far);
        }

        static boolean any(boolean[][] cells) {
            for (boolean[] row : cells) {
                for (boolean c : row) {
                    if (c) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public boolean applicable(byte[] ram) {
            return target(ram) >= 0;
        }

        @Override
        public void apply(AtariEnv env) {
            int k = target(env.ram());
            for (int r = 0; k >= 0 && r < 9; r++) {
                env.setRam(43 + 9 * k + r, 0);
            }
        }

        @Override
        public GameObjects.Box box(byte[] before, byte[] drawn) {
            int k = target(before);
            return k < 0 ? null : GameObjects.shieldBox(drawn, k);
        }

        @Override
        public boolean took(byte[] controlRam, byte[] intervenedRam, byte[] controlFrame, byte[] intervenedFrame) {
            boolean[][][] ctl = GameObjects.shields(controlRam), iv = GameObjects.shields(intervenedRam);
            int removed = -1;
            for (int k = 0; k < ctl.length; k++) {
                if (any(ctl[k]) && !any(iv[k])) {
                    if (removed >= 0) {
                        return false;
                    }
                    removed = k;
                }
            }
            return removed >= 0 && differIn(controlFrame, intervenedFrame, GameObjects.shieldBox(controlRam, removed));
        }
    }
}
