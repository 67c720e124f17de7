package org.atarisaliency.env;

import java.util.List;

/**
 * Object-level state of Pong, Breakout and SpaceInvaders read from the 128-byte console RAM, with
 * the RAM-to-screen mapping of each object's pixel box, for object-level counterfactuals through
 * {@link AtariEnv#setRam} (Atrey et al., ICLR 2020).
 *
 * <p>Addresses start from AtariARI's annotations (Anand et al. 2019), OCAtari's RAM extraction
 * ({@code ocatari/ram/breakout.py}, {@code spaceinvaders.py}) and HackAtari ({@code hackatari/games/spaceinvaders.py},
 * shields), and every mapping was fitted on
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
 *   <tr><td>pong</td><td>player_score, enemy_score</td><td>14, 13 (binary points); digit pointers 71/75, 69/73</td><td>boxes rows 1..20, cols 100..127 / 20..47; gains = +1 / -1 rewards over 40000 frames; writes change pixels only in the box</td></tr>
 *   <tr><td>breakout</td><td>ball</td><td>99 (x), 101 (y)</td><td>left = x - 49, top = y + 9; 0 = no ball</td></tr>
 *   <tr><td>breakout</td><td>paddle</td><td>72</td><td>left = x - 47, 16 px wide, rows 189..192</td></tr>
 *   <tr><td>breakout</td><td>score</td><td>76 (BCD hundreds), 77 (BCD tens, ones; AtariARI's "blocks_hit_count", its 84/85 are not the score); digit pointers 84/82/80</td><td>box rows 5..14, cols 36..79; gain = rewards over 12000 frames (score past 400); writes change pixels only in the box</td></tr>
 *   <tr><td>breakout</td><td>lives</td><td>57</td><td>equal to ALE's lives on every frame</td></tr>
 *   <tr><td>breakout</td><td>bricks</td><td>0..35: playfield bytes RAM[g * 6 + 5 - row] (see {@link #brickBits})</td><td>brick (row, column) at rows 57 + 6 * row, cols 8 + 8 * column, 8x6 px; every bit flipped once, then bit set = drawn on 1.29M brick cells of 12000 frames (0 mismatches); column deletes clear exactly its pixels</td></tr>
 *   <tr><td>space_invaders</td><td>player</td><td>28</td><td>left = x - 1 (previous frame's value), rows 185..192</td></tr>
 *   <tr><td>space_invaders</td><td>invaders (formation)</td><td>26 (x), 16 (y), 18..23 (alive bits, 23 = top row), 17 (count)</td><td>invader (row, column) at left = RAM[26] - 1 + 16 * column, top = 31 + 2 * RAM[16] + 18 * row, 8x10 px; 432000 cells of 12000 frames (0 mismatches beyond a shot invader's explosion, up to 40 frames); RAM[16] also checked by writes 0..30</td></tr>
 *   <tr><td>space_invaders</td><td>shields</td><td>43..69 (9 bytes per shield, bit 7 leftmost), 27 (x)</td><td>1x2 px cells from row 157, cols RAM[27] - 1 + 32 * shield; 1.3M cells of 6000 frames, ~0.01% mismatches (a hit shows a frame late)</td></tr>
 *   <tr><td>space_invaders</td><td>score, lives</td><td>104 (BCD tens, ones), 102 (BCD thousands, hundreds), 73</td><td>box rows 10..19, cols 4..63 (hidden while the satellite crosses); gain = rewards; lives = ALE's</td></tr>
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

    /** Whether this ROM has an object model ({@link GameModels}). */
    public static boolean supported(String rom) {
        return GameModels.find(rom).isPresent();
    }

    /**
     * Which object on the screen the agent controls, in words for a viewer (the video panel's "agent: ..."
     * line): Pong's right (green) paddle, Breakout's paddle, SpaceInvaders' cannon; null for a game
     * without an object model.
     */
    public static String agentObject(String rom) {
        return GameModels.find(rom).map(GameModel::agentObject).orElse(null);
    }

    /** The RAM coordinates of the game's movable objects (empty for an unsupported ROM). */
    public static List<Coordinate> coordinates(String rom) {
        return GameModels.find(rom).map(GameModel::coordinates).orElse(List.of());
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

    /** The objects of a RAM state with their screen boxes (empty for an unsupported ROM). */
    public static List<GameObject> objects(String rom, byte[] ram) {
        return GameModels.find(rom).map(m -> m.objects(ram)).orElse(List.of());
    }

    /**
     * The player's score: Pong RAM[14] (binary points); Breakout BCD RAM[76] (hundreds) and RAM[77] (tens,
     * ones); SpaceInvaders BCD RAM[102] (thousands, hundreds) and RAM[104] (tens, ones). Checked against
     * the summed rewards on thousands of frames of play (GameObjectsTest).
     */
    public static int score(String rom, byte[] ram) {
        return scored(rom).score(ram);
    }

    /** The lowest return an episode of the game can have ({@link GameModel#lowestReturn}). */
    public static int lowestReturn(String rom) {
        return scored(rom).lowestReturn();
    }

    private static GameModel scored(String rom) {
        return GameModels.find(rom).orElseThrow(() -> new IllegalArgumentException("no score address for " + rom));
    }

    /** Pong only: the opponent's points (RAM[13]). */
    public static int pongEnemyScore(byte[] ram) {
        return u(ram, 13);
    }

    /** The score of a score object: {@code player_score}/{@code enemy_score} (Pong) or {@code score}. */
    public static int score(String rom, String object, byte[] ram) {
        scoreBox(rom, object);
        return scored(rom).score(object, ram);
    }

    /** The highest score the game's display and counter hold (Pong 21 ends the game). */
    public static int maxScore(String rom) {
        return scored(rom).maxScore();
    }

    /**
     * The screen box where a score is drawn: Pong {@code player_score} (right, green) and
     * {@code enemy_score} (left, orange), both digits; Breakout and SpaceInvaders {@code score}.
     * Fitted by drawing every digit and checked (GameObjectsTest): a score write changes pixels
     * only inside it.
     */
    public static Box scoreBox(String rom, String object) {
        Box box = GameModels.find(rom).map(m -> m.scoreBox(object)).orElse(null);
        if (box == null) {
            throw new IllegalArgumentException("no score object " + object + " for " + rom);
        }
        return box;
    }

    /**
     * The tight box of the digits a score of {@code value} shows (for outlines; {@link #scoreBox} is the
     * area any value is drawn in). Pong draws one or two digits (no leading zero) and Breakout three (with
     * leading zeros) in 12 px wide cells 16 px apart, the last ending at the area's right edge; a "1" covers
     * only columns 4..7 of its cell. SpaceInvaders draws four digits, leading zeros included, over the whole
     * area. Checked against the digits' pixels (GameObjectsTest).
     */
    public static Box scoreDigitsBox(String rom, String object, int value) {
        Box area = scoreBox(rom, object);
        return GameModels.require(rom).scoreDigitsBox(area, value);
    }

    /** The tight box of {@code digits} digits of {@code value} right-aligned in {@code area} (see {@link #scoreDigitsBox}). */
    static Box digitsBox(Box area, int value, int digits, boolean leadingZeros) {
        int left = Integer.MAX_VALUE, right = Integer.MIN_VALUE;
        for (int d = 0, place = 1; d < digits && (d == 0 || leadingZeros || value >= place); d++, place *= 10) {
            int digit = value / place % 10, cell = area.left() + area.width() - 12 - 16 * d;
            left = Math.min(left, digit == 1 ? cell + 4 : cell);
            right = Math.max(right, digit == 1 ? cell + 8 : cell + 12);
        }
        return new Box(area.top(), left, area.height(), right - left);
    }

    /**
     * Sets a score (0..{@link #maxScore}) by writing its counter and, on Pong and Breakout, the digit
     * pointers the game derives from it once a frame (Pong RAM[71]/[75] player ones/tens, [69]/[73]
     * enemy, each 202 + 5 * digit; Breakout RAM[84]/[82]/[80] ones/tens/hundreds, 5 * digit). Without
     * the pointers the new digits show only on the second emulated frame, so a one-frame (NoFrameskip)
     * step would not draw them; with them the next frame does. GameObjectsTest checks that the game's
     * own pointers always equal these values.
     */
    public static void setScore(AtariEnv env, String rom, String object, int value) {
        if (value < 0 || value > maxScore(rom)) {
            throw new IllegalArgumentException("score " + value + " out of range 0.." + maxScore(rom));
        }
        for (int[] w : scoreWrites(rom, object, value)) {
            env.setRam(w[0], w[1]);
        }
    }

    /** The {index, value} RAM writes of {@link #setScore}. */
    static int[][] scoreWrites(String rom, String object, int v) {
        scoreBox(rom, object);
        return GameModels.require(rom).scoreWrites(object, v);
    }

    /** Lives left: Breakout RAM[57], SpaceInvaders RAM[73] (equal to ALE's lives on every frame checked). */
    public static int lives(String rom, byte[] ram) {
        return GameModels.find(rom).orElseThrow(() -> new IllegalArgumentException("no lives address for " + rom)).lives(ram);
    }

    /** SpaceInvaders only: invaders left (RAM[17]). */
    public static int invadersLeft(byte[] ram) {
        return u(ram, 17);
    }

    // ---------------------------------------------------------------- Breakout bricks

    /** Breakout's wall: 6 rows (0 = top, red) of 18 bricks (0 = left), each 8x6 px. */
    public static final int BRICK_ROWS = 6, BRICK_COLUMNS = 18;

    /**
     * The RAM bits of one brick: {byte, mask}. The wall is the TIA playfield, 6 bytes per register
     * (one per row, RAM[g * 6 + 5 - row]) for the six registers g of a mirrored-off playfield:
     * g = 5 (PF0 left, bits 6..7), 4 (PF1, bit 7 leftmost), 3 (PF2, bit 0 leftmost), 2 (PF0 right,
     * bits 4..7), 1 (PF1), 0 (PF2, bits 0..5). A playfield bit is 4 px, a brick two bits (the game
     * always sets or clears both). Found by flipping every bit of RAM[0..35] (OCAtari's
     * {@code ram/breakout.py} reads the wall from the same bytes).
     */
    static int[] brickBits(int row, int column) {
        if (row < 0 || row >= BRICK_ROWS || column < 0 || column >= BRICK_COLUMNS) {
            throw new IllegalArgumentException("no brick " + row + "," + column);
        }
        int rr = 5 - row, k = 2 * column; // half-columns k, k+1 (4 px each), same byte, adjacent bits
        int[] byteAndFirstBit = k < 2 ? new int[] {30 + rr, 6 + k}
                : k < 10 ? new int[] {24 + rr, 7 - (k - 2) - 1}
                : k < 18 ? new int[] {18 + rr, k - 10}
                : k < 22 ? new int[] {12 + rr, 4 + (k - 18)}
                : k < 30 ? new int[] {6 + rr, 7 - (k - 22) - 1}
                : new int[] {rr, k - 30};
        return new int[] {byteAndFirstBit[0], 3 << byteAndFirstBit[1]};
    }

    /** Breakout's bricks present (rows x columns, row 0 at the top), read from RAM[0..35]. */
    public static boolean[][] bricks(byte[] ram) {
        boolean[][] out = new boolean[BRICK_ROWS][BRICK_COLUMNS];
        for (int r = 0; r < BRICK_ROWS; r++) {
            for (int c = 0; c < BRICK_COLUMNS; c++) {
                int[] b = brickBits(r, c);
                out[r][c] = (ram[b[0]] & b[1]) != 0;
            }
        }
        return out;
    }

    /** The screen box of one brick: rows 57 + 6 * row (6 px), columns 8 + 8 * column (8 px). */
    public static Box brickBox(int row, int column) {
        brickBits(row, column);
        return new Box(57 + 6 * row, 8 + 8 * column, 6, 8);
    }

    /** The screen box of a brick column, all six rows (rows 57..92). */
    public static Box brickColumnBox(int column) {
        brickBits(0, column);
        return new Box(57, 8 + 8 * column, 6 * BRICK_ROWS, 8);
    }

    /** Whether a brick column has any brick left. */
    public static boolean brickColumnPresent(byte[] ram, int column) {
        boolean[][] b = bricks(ram);
        for (int r = 0; r < BRICK_ROWS; r++) {
            if (b[r][column]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deletes every brick of a column by clearing its playfield bits in the six rows (reads the bytes
     * with {@link AtariEnv#ram(int)}: call it on a state reached by a step, see {@link #move}). The
     * bricks vanish on the next frame (GameObjectsTest). The game's own brick bookkeeping is not
     * touched, so the score does not change.
     */
    public static void deleteBrickColumn(AtariEnv env, int column) {
        for (int r = 0; r < BRICK_ROWS; r++) {
            int[] b = brickBits(r, column);
            env.setRam(b[0], env.ram(b[0]) & ~b[1]);
        }
    }

    // ---------------------------------------------------------------- SpaceInvaders invaders

    /** SpaceInvaders' formation: 6 rows (0 = top) of 6 invaders (0 = left). */
    public static final int INVADER_ROWS = 6, INVADER_COLUMNS = 6;

    /**
     * Alive invaders (rows x columns, row 0 at the top): RAM[23 - row] bit {@code column} (bits 0..5;
     * RAM[18] is the bottom row), as OCAtari's {@code ram/spaceinvaders.py}. RAM[17] counts them. When
     * the whole left column is gone the game shifts the bits down and adds 16 to RAM[26], so bit 0 is
     * always the leftmost column that is drawn.
     */
    public static boolean[][] invaders(byte[] ram) {
        boolean[][] out = new boolean[INVADER_ROWS][INVADER_COLUMNS];
        for (int r = 0; r < INVADER_ROWS; r++) {
            for (int c = 0; c < INVADER_COLUMNS; c++) {
                out[r][c] = ((ram[23 - r] >> c) & 1) != 0;
            }
        }
        return out;
    }

    /**
     * The screen box of one invader: left = RAM[26] - 1 + 16 * column, top = 31 + 2 * RAM[16] + 18 * row
     * (RAM[16]: how far the formation came down), 8x10 px.
     */
    public static Box invaderBox(byte[] ram, int row, int column) {
        if (row < 0 || row >= INVADER_ROWS || column < 0 || column >= INVADER_COLUMNS) {
            throw new IllegalArgumentException("no invader " + row + "," + column);
        }
        return new Box(31 + 2 * u(ram, 16) + 18 * row, u(ram, 26) - 1 + 16 * column, 10, 8);
    }

    /**
     * Deletes one invader: clears its bit and decrements the alive count RAM[17] (the game keeps it
     * equal to the number of bits set). Reads RAM with {@link AtariEnv#ram(int)}: call it on a state
     * reached by a step. The invader is gone on the next frame, with no explosion and no points.
     */
    public static void deleteInvader(AtariEnv env, int row, int column) {
        invaderBox(new byte[128], row, column);
        int i = 23 - row;
        int v = env.ram(i);
        if ((v & (1 << column)) != 0) {
            env.setRam(i, v & ~(1 << column));
            env.setRam(17, Math.max(0, env.ram(17) - 1));
        }
    }

    // ---------------------------------------------------------------- SpaceInvaders shields

    /**
     * SpaceInvaders' shields: 3 shields of 9 rows x 8 columns of 1x2 px cells, RAM[43 + 9 * shield + row]
     * bit {@code 7 - column} (as HackAtari's {@code games/spaceinvaders.py} disables them); shield
     * {@code s} starts at column RAM[27] - 1 + 32 * s, row 157 + 2 * row.
     */
    public static boolean[][][] shields(byte[] ram) {
        boolean[][][] out = new boolean[3][9][8];
        for (int s = 0; s < 3; s++) {
            for (int r = 0; r < 9; r++) {
                for (int c = 0; c < 8; c++) {
                    out[s][r][c] = ((ram[43 + 9 * s + r] >> (7 - c)) & 1) != 0;
                }
            }
        }
        return out;
    }

    /** The screen box of shield {@code s} (0..2): 18 rows from 157, 8 columns from RAM[27] - 1 + 32 * s. */
    public static Box shieldBox(byte[] ram, int s) {
        return new Box(157, u(ram, 27) - 1 + 32 * s, 18, 8);
    }

    /** Bounding box of the true cells' boxes, or null when none is true. */
    static Box cellsBox(boolean[][] cells, java.util.function.BiFunction<Integer, Integer, Box> box) {
        int top = Integer.MAX_VALUE, left = Integer.MAX_VALUE, bottom = Integer.MIN_VALUE, right = Integer.MIN_VALUE;
        for (int r = 0; r < cells.length; r++) {
            for (int c = 0; c < cells[r].length; c++) {
                if (cells[r][c]) {
                    Box b = box.apply(r, c);
                    top = Math.min(top, b.top());
                    left = Math.min(left, b.left());
                    bottom = Math.max(bottom, b.top() + b.height());
                    right = Math.max(right, b.left() + b.width());
                }
            }
        }
        return bottom == Integer.MIN_VALUE ? null : new Box(top, left, bottom - top, right - left);
    }

    /**
     * Moves an object by {@code delta} pixels along {@code axis} by writing its
     * {@link Coordinate#writeIndex()} byte (clamped to 0..255); returns the value written. The screen
     * shows it after the next emulated frame. Verified to take (GameObjectsTest, one NOOP frame):
     * Pong ball x/y and both paddles, Breakout ball x/y, SpaceInvaders player and formation x.
     * Breakout's paddle does NOT take: the game re-derives it from the paddle controller (a +8 write
     * showed as +4 and is pulled back), so {@link #takes} is false for it.
     *
     * <p>It reads the byte with {@link AtariEnv#ram(int)}, which after {@link AtariEnv#restoreState}
     * is the snapshot's RAM (ALE itself refreshes its RAM view only when the emulator runs, ALE issue #164;
     * {@link AtariEnv} keeps the snapshot's copy until the next step).
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
        return GameModels.require(rom).moveTakes(object, axis);
    }

    static int u(byte[] ram, int i) {
        return ram[i] & 0xff;
    }

    static int bcd(int b) {
        return (b >> 4) * 10 + (b & 15);
    }

    static int toBcd(int v) {
        return (v / 10) * 16 + v % 10;
    }
}
