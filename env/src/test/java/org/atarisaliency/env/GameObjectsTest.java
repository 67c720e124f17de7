package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks {@link GameObjects}' RAM-to-screen mapping on real frames, and which RAM writes take. */
class GameObjectsTest {

    private static AtariEnv open(String id, long seed) {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve(id, loc.availableRoms());
        return AtariEnv.open(spec, loc.find(spec.rom()), seed, 0);
    }

    /** Bounding box {top, bottom, left, right} of pixels of one colour in a window, or null. */
    static int[] find(byte[] f, int rgb, int y0, int y1, int x0, int x1) {
        int r = rgb >> 16, g = (rgb >> 8) & 255, b = rgb & 255;
        int top = 999, bottom = -1, left = 999, right = -1;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = (y * 160 + x) * 3;
                if ((f[i] & 255) == r && (f[i + 1] & 255) == g && (f[i + 2] & 255) == b) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return bottom < 0 ? null : new int[] {top, bottom, left, right};
    }

    static final int PONG_WHITE = 0xececec, PONG_GREEN = 0x5cba5c, PONG_ORANGE = 0xd5824a;
    static final int BREAKOUT_RED = 0xc84848, SI_GREEN = 0x328432, SI_INVADER = 0x86861d, SI_SHIELD = 0xb55328;

    /**
     * The object's screen coordinate measured in the frame (the box's left or top edge), or
     * Integer.MIN_VALUE when it is not cleanly visible (absent, clipped, or overlapping another object).
     */
    static int measure(String rom, String object, String axis, byte[] f) {
        int[] b;
        switch (rom + "." + object) {
            case "pong.ball" -> b = find(f, PONG_WHITE, 34, 194, 0, 160);
            case "pong.player" -> {
                b = find(f, PONG_GREEN, 34, 194, 140, 144);
                if (b != null && b[1] - b[0] + 1 != 16) {
                    b = null;
                }
            }
            case "pong.enemy" -> {
                b = find(f, PONG_ORANGE, 34, 194, 16, 20);
                if (b != null && b[1] - b[0] + 1 != 16) {
                    b = null;
                }
            }
            case "breakout.ball" -> {
                b = find(f, BREAKOUT_RED, 93, 189, 8, 152);
                // the whole ball below the bricks and above the paddle rows (not cut by the window)
                if (b != null && (b[3] - b[2] > 1 || b[0] <= 93 || b[1] >= 188)) {
                    b = null;
                }
            }
            case "breakout.paddle" -> {
                b = find(f, BREAKOUT_RED, 189, 193, 8, 152);
                // full width only, and no ball in the paddle's rows
                if (b != null && (b[3] - b[2] + 1 != 16 || find(f, BREAKOUT_RED, 185, 189, 8, 152) != null)) {
                    b = null;
                }
            }
            case "space_invaders.player" -> {
                b = find(f, SI_GREEN, 180, 196, 0, 160);
                if (b != null && b[3] - b[2] + 1 < 7) {
                    b = null;
                }
            }
            case "space_invaders.invaders" -> b = find(f, SI_INVADER, 20, 185, 0, 160);
            default -> throw new IllegalArgumentException(rom + "." + object);
        }
        if (b == null) {
            return Integer.MIN_VALUE;
        }
        return axis.equals("x") ? b[2] : b[0];
    }

    /** Plays seeded random actions (one per 8 frames) and compares each coordinate with the frame. */
    private static Map<String, int[]> checkMapping(String id, String rom, int frames) {
        Map<String, int[]> stats = new LinkedHashMap<>(); // {checked, maxError}
        try (AtariEnv env = open(id, 11)) {
            Random rnd = new Random(17);
            int act = 0;
            byte[] f = new byte[AtariEnv.FRAME_BYTES];
            for (int t = 0; t < frames; t++) {
                if (t % 8 == 0) {
                    act = rnd.nextInt(env.actionCount());
                }
                env.step(act);
                if (env.gameOver()) {
                    env.reset();
                }
                env.rawFrame(f);
                byte[] ram = env.ram();
                for (GameObjects.Coordinate c : GameObjects.coordinates(rom)) {
                    int seen = measure(rom, c.object(), c.axis(), f);
                    if (seen == Integer.MIN_VALUE) {
                        continue;
                    }
                    int[] s = stats.computeIfAbsent(c.object() + "." + c.axis(), k -> new int[2]);
                    s[0]++;
                    s[1] = Math.max(s[1], Math.abs(seen - c.screen(ram)));
                }
            }
        }
        return stats;
    }

    private static void assertMapping(String id, String rom) {
        Map<String, int[]> stats = checkMapping(id, rom, 1500);
        for (GameObjects.Coordinate c : GameObjects.coordinates(rom)) {
            int[] s = stats.get(c.object() + "." + c.axis());
            System.out.printf("mapping %s %s.%s RAM[%d]%+d: %d frames, max error %d px%n", rom, c.object(), c.axis(),
                    c.ramIndex(), c.offset(), s == null ? 0 : s[0], s == null ? -1 : s[1]);
            assertTrue(s != null && s[0] >= 200, rom + " " + c + " checked on too few frames");
            assertTrue(s[1] <= 2, rom + " " + c + " max error " + s[1]);
        }
    }

    @Test
    void pongMappingOnRealFrames() {
        assertMapping("PongNoFrameskip-v4", "pong");
    }

    @Test
    void breakoutMappingOnRealFrames() {
        assertMapping("BreakoutNoFrameskip-v4", "breakout");
    }

    @Test
    void spaceInvadersMappingOnRealFrames() {
        assertMapping("SpaceInvadersNoFrameskip-v4", "space_invaders");
    }

    /**
     * Whether writing {@code delta} to an object's coordinate takes: from a state where the object is
     * visible, one NOOP frame is played with and without the write; the write takes when the object's
     * measured screen position differs by {@code delta} (+-2 px) between the two. Returns the shift seen
     * (Integer.MIN_VALUE when no usable state was found).
     */
    static int shiftSeen(String id, String rom, String object, String axis, int delta) {
        GameObjects.Coordinate c = GameObjects.coordinate(rom, object, axis);
        try (AtariEnv env = open(id, 5)) {
            Random rnd = new Random(23);
            byte[] f = new byte[AtariEnv.FRAME_BYTES];
            for (int t = 0; t < 3000; t++) {
                env.step(t % 8 == 0 ? rnd.nextInt(env.actionCount()) : 0);
                if (env.gameOver()) {
                    env.reset();
                }
                int v = env.ram(c.ramIndex());
                if (t < 200 || v + delta < 0 || v + delta > 255) {
                    continue;
                }
                EnvState s = env.cloneState();
                env.step(0);
                env.rawFrame(f);
                int control = measure(rom, object, axis, f);
                env.restoreState(s);
                GameObjects.move(env, rom, object, axis, delta);
                env.step(0);
                env.rawFrame(f);
                int moved = measure(rom, object, axis, f);
                env.restoreState(s);
                if (control != Integer.MIN_VALUE && moved != Integer.MIN_VALUE) {
                    return moved - control;
                }
            }
        }
        return Integer.MIN_VALUE;
    }

    @Test
    void interventionsThatTake() {
        record Case(String id, String rom, String object, String axis, int delta, boolean takes) {
        }
        List<Case> cases = List.of(
                new Case("PongNoFrameskip-v4", "pong", "ball", "x", 8, true),
                new Case("PongNoFrameskip-v4", "pong", "ball", "y", 8, true),
                new Case("PongNoFrameskip-v4", "pong", "player", "y", 8, true),
                new Case("PongNoFrameskip-v4", "pong", "enemy", "y", 8, true),
                new Case("BreakoutNoFrameskip-v4", "breakout", "ball", "x", 8, true),
                new Case("BreakoutNoFrameskip-v4", "breakout", "ball", "y", 8, true),
                new Case("BreakoutNoFrameskip-v4", "breakout", "paddle", "x", 8, false),
                new Case("SpaceInvadersNoFrameskip-v4", "space_invaders", "player", "x", 8, true),
                new Case("SpaceInvadersNoFrameskip-v4", "space_invaders", "invaders", "x", 8, true));
        List<String> wrong = new ArrayList<>();
        for (Case k : cases) {
            int shift = shiftSeen(k.id(), k.rom(), k.object(), k.axis(), k.delta());
            boolean took = shift != Integer.MIN_VALUE && Math.abs(shift - k.delta()) <= 2;
            System.out.printf("intervention %s %s.%s %+d: shift seen %s -> %s%n", k.rom(), k.object(), k.axis(), k.delta(),
                    shift == Integer.MIN_VALUE ? "none" : shift, took ? "takes" : "did not take");
            assertEquals(k.takes(), GameObjects.takes(k.rom(), k.object(), k.axis()));
            if (took != k.takes()) {
                wrong.add(k + " shift " + shift);
            }
        }
        assertEquals(List.of(), wrong);
    }

    // ------------------------------------------------------------------ scores, lives

    /** Breakout policy that follows the ball (with seeded noise) so that many bricks go and the score passes 100. */
    static int breakoutTracker(byte[] ram, Random rnd) {
        int paddle = (ram[72] & 255) - 47 + 8, ball = (ram[99] & 255) - 49;
        if ((ram[101] & 255) == 0 || rnd.nextInt(10) == 0) {
            return rnd.nextInt(10) < 5 ? 1 : rnd.nextInt(4);
        }
        return ball > paddle + 3 ? 2 : ball < paddle - 3 ? 3 : 0;
    }

    /** Pong policy that follows the ball with the right paddle (seeded noise), so both sides score. */
    static int pongTracker(byte[] ram, Random rnd) {
        int paddle = (ram[51] & 255) - 14 + 8, ball = (ram[54] & 255) - 14 + 2;
        if ((ram[54] & 255) == 0 || rnd.nextInt(4) == 0) {
            return rnd.nextInt(6);
        }
        return ball > paddle + 2 ? 3 : ball < paddle - 2 ? 2 : 0;
    }

    /**
     * Over seeded play (reset at game over) the decoded scores' gains equal the summed rewards (Pong:
     * player points = +1 rewards, enemy points = -1 rewards), lives equal ALE's, and the digit pointers
     * the game derives equal {@link GameObjects#scoreWrites}'s.
     */
    @Test
    void scoresMatchRewards() {
        record Game(String id, String rom, int frames) {
        }
        for (Game g : List.of(new Game("PongNoFrameskip-v4", "pong", 40000), new Game("BreakoutNoFrameskip-v4", "breakout", 12000),
                new Game("SpaceInvadersNoFrameskip-v4", "space_invaders", 6000))) {
            try (AtariEnv env = open(g.id(), 11)) {
                Random rnd = new Random(17);
                int act = 0;
                long plus = 0, minus = 0, gain = 0, enemyGain = 0, lifeMismatch = 0, pointerMismatch = 0;
                int last = 0, lastEnemy = 0, max = 0;
                for (int t = 0; t < g.frames(); t++) {
                    if (g.rom().equals("breakout")) {
                        act = breakoutTracker(env.ram(), rnd);
                    } else if (g.rom().equals("pong")) {
                        act = pongTracker(env.ram(), rnd);
                    } else if (t % 8 == 0) {
                        act = rnd.nextInt(env.actionCount());
                    }
                    double r = env.step(act).reward();
                    plus += r > 0 ? (long) r : 0;
                    minus += r < 0 ? (long) -r : 0;
                    byte[] ram = env.ram();
                    int sc = GameObjects.score(g.rom(), ram);
                    assertTrue(sc >= last, g.rom() + " score went down " + last + " -> " + sc + " at " + t);
                    gain += sc - last;
                    last = sc;
                    max = Math.max(max, sc);
                    if (g.rom().equals("pong")) {
                        int e = GameObjects.pongEnemyScore(ram);
                        enemyGain += e - lastEnemy;
                        lastEnemy = e;
                    } else if (GameObjects.lives(g.rom(), ram) != env.lives()) {
                        lifeMismatch++;
                    }
                    for (String obj : g.rom().equals("pong") ? List.of("player_score", "enemy_score") : List.of("score")) {
                        for (int[] w : GameObjects.scoreWrites(g.rom(), obj, GameObjects.score(g.rom(), obj, ram))) {
                            if ((ram[w[0]] & 255) != w[1]) {
                                pointerMismatch++;
                            }
                        }
                    }
                    if (env.gameOver()) {
                        env.reset();
                        last = 0;
                        lastEnemy = 0;
                    }
                }
                System.out.printf("score %s: %d frames, +rewards %d = score gain %d, -rewards %d = enemy gain %d, max score %d, "
                        + "lives mismatches %d, digit-pointer mismatches %d%n", g.rom(), g.frames(), plus, gain, minus, enemyGain, max,
                        lifeMismatch, pointerMismatch);
                assertEquals(plus, gain, g.rom());
                assertTrue(plus >= 5, g.rom() + " too few points to check");
                if (g.rom().equals("pong")) {
                    assertEquals(minus, enemyGain);
                } else {
                    assertEquals(0, lifeMismatch);
                }
                if (g.rom().equals("breakout")) {
                    assertTrue(max >= 100, "Breakout's hundreds byte RAM[76] not exercised (max " + max + ")");
                }
                assertEquals(0, pointerMismatch, g.rom() + " digit pointers");
            }
        }
    }

    /** Frame difference box {top, bottom, left, right, count}, or null. */
    static int[] diffBox(byte[] a, byte[] b) {
        int top = 999, bottom = -1, left = 999, right = -1, n = 0;
        for (int y = 0; y < 210; y++) {
            for (int x = 0; x < 160; x++) {
                int i = (y * 160 + x) * 3;
                if (a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2]) {
                    n++;
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return bottom < 0 ? null : new int[] {top, bottom, left, right, n};
    }

    static boolean inside(int[] d, GameObjects.Box b) {
        return d[0] >= b.top() && d[1] < b.top() + b.height() && d[2] >= b.left() && d[3] < b.left() + b.width();
    }

    /**
     * Writing a score to another value ({@link GameObjects#setScore}) and playing one NOOP frame changes
     * pixels inside {@link GameObjects#scoreBox} and nowhere else, from many states and for many values.
     */
    @Test
    void scoreBoxesHoldTheDigits() {
        record Case(String id, String rom, String object) {
        }
        byte[] c = new byte[AtariEnv.FRAME_BYTES], f = new byte[AtariEnv.FRAME_BYTES];
        for (Case k : List.of(new Case("PongNoFrameskip-v4", "pong", "player_score"), new Case("PongNoFrameskip-v4", "pong", "enemy_score"),
                new Case("BreakoutNoFrameskip-v4", "breakout", "score"), new Case("SpaceInvadersNoFrameskip-v4", "space_invaders", "score"))) {
            GameObjects.Box box = GameObjects.scoreBox(k.rom(), k.object());
            int tried = 0, changed = 0, outside = 0;
            try (AtariEnv env = open(k.id(), 5)) {
                Random rnd = new Random(41);
                for (int t = 0; t < 2000; t++) {
                    env.step(t % 8 == 0 ? rnd.nextInt(env.actionCount()) : 0);
                    if (env.gameOver()) {
                        env.reset();
                    }
                    if (t < 100 || t % 50 != 0) {
                        continue;
                    }
                    EnvState s = env.cloneState();
                    int old = GameObjects.score(k.rom(), k.object(), env.ram());
                    env.step(0);
                    env.rawFrame(c);
                    env.restoreState(s);
                    int v = (old + 1 + rnd.nextInt(GameObjects.maxScore(k.rom()) - 1)) % GameObjects.maxScore(k.rom());
                    GameObjects.setScore(env, k.rom(), k.object(), v);
                    env.step(0);
                    env.rawFrame(f);
                    env.restoreState(s);
                    env.step(0); // refresh ALE's RAM copy before the next write
                    tried++;
                    int[] d = diffBox(c, f);
                    if (d != null) {
                        changed++;
                        if (!inside(d, box)) {
                            outside++;
                            System.out.printf("score box %s %s: %d -> %d changed rows %d..%d cols %d..%d%n", k.rom(), k.object(), old, v,
                                    d[0], d[1], d[2], d[3]);
                        }
                    }
                }
            }
            System.out.printf("score box %s %s %s: %d writes, screen changed %d, outside the box %d%n", k.rom(), k.object(), box, tried,
                    changed, outside);
            assertEquals(0, outside);
            assertTrue(changed >= 0.8 * tried && tried >= 30, k + " changed " + changed + "/" + tried);
        }
    }

    /**
     * The score objects' boxes are tight: for every value written (and on the frames of play), the box
     * of {@link GameObjects#objects} is exactly the bounding box of the digits' pixels, never the other
     * player's digits or the empty second digit.
     */
    @Test
    void scoreOutlinesAreTightAroundTheDigits() {
        record Case(String id, String rom, String object, int colour, int[] values) {
        }
        byte[] f = new byte[AtariEnv.FRAME_BYTES];
        int[] pong = java.util.stream.IntStream.rangeClosed(0, 21).toArray();
        for (Case k : List.of(new Case("PongNoFrameskip-v4", "pong", "player_score", PONG_GREEN, pong),
                new Case("PongNoFrameskip-v4", "pong", "enemy_score", PONG_ORANGE, pong),
                new Case("BreakoutNoFrameskip-v4", "breakout", "score", 0x8e8e8e, new int[] {0, 1, 7, 10, 11, 41, 100, 101, 111, 418, 999}),
                new Case("SpaceInvadersNoFrameskip-v4", "space_invaders", "score", 0x328432, new int[] {0, 1, 15, 110, 1111, 4080}))) {
            try (AtariEnv env = open(k.id(), 5)) {
                for (int t = 0; t < 120; t++) {
                    env.step(0);
                }
                EnvState s = env.cloneState();
                for (int v : k.values()) {
                    env.restoreState(s);
                    GameObjects.setScore(env, k.rom(), k.object(), v);
                    env.step(0);
                    env.rawFrame(f);
                    GameObjects.Box area = GameObjects.scoreBox(k.rom(), k.object());
                    int[] d = find(f, k.colour(), area.top(), area.top() + area.height(), area.left(), area.left() + area.width());
                    GameObjects.Box box = null;
                    for (GameObjects.GameObject o : GameObjects.objects(k.rom(), env.ram())) {
                        box = o.name().equals(k.object()) ? o.box() : box;
                    }
                    assertEquals(new GameObjects.Box(d[0], d[2], d[1] - d[0] + 1, d[3] - d[2] + 1), box, k.rom() + " " + k.object() + " = " + v);
                }
            }
        }
    }

    // ------------------------------------------------------------------ Breakout bricks

    static final int[] BRICK_RGB = {0xc84848, 0xc66c3a, 0xb47a30, 0xa2a22a, 0x48a048, 0x4248c8};

    /** Pixels of one colour in a box. */
    static int count(byte[] f, int rgb, GameObjects.Box b) {
        int n = 0;
        for (int y = Math.max(0, b.top()); y < Math.min(210, b.top() + b.height()); y++) {
            for (int x = Math.max(0, b.left()); x < Math.min(160, b.left() + b.width()); x++) {
                int i = (y * 160 + x) * 3;
                if ((((f[i] & 255) << 16) | ((f[i + 1] & 255) << 8) | (f[i + 2] & 255)) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    static boolean overlaps(GameObjects.Box a, GameObjects.Box b) {
        return a != null && b != null && a.top() < b.top() + b.height() && b.top() < a.top() + a.height()
                && a.left() < b.left() + b.width() && b.left() < a.left() + a.width();
    }

    /**
     * Every brick cell on every frame of ball-following play (the wall gets cleared and redrawn): RAM bits
     * set exactly when the brick's 48 pixels are drawn in its row's colour, and blank otherwise (cells
     * under the ball skipped); the two bits of a brick are always equal.
     */
    @Test
    void bricksOnRealFrames() {
        try (AtariEnv env = open("BreakoutNoFrameskip-v4", 11)) {
            Random rnd = new Random(17);
            byte[] f = new byte[AtariEnv.FRAME_BYTES];
            long cells = 0, mismatch = 0, halfBricks = 0, gone = 0;
            int frames = 12000;
            for (int t = 0; t < frames; t++) {
                env.step(breakoutTracker(env.ram(), rnd));
                if (env.gameOver()) {
                    env.reset();
                }
                byte[] ram = env.ram();
                env.rawFrame(f);
                boolean[][] b = GameObjects.bricks(ram);
                GameObjects.Box ball = Interventions.objectBox("breakout", "ball", ram);
                GameObjects.Box grown = ball == null ? null : new GameObjects.Box(ball.top() - 1, ball.left() - 1, ball.height() + 2, ball.width() + 2);
                for (int r = 0; r < 6; r++) {
                    for (int col = 0; col < 18; col++) {
                        int[] bits = GameObjects.brickBits(r, col);
                        int set = Integer.bitCount(ram[bits[0]] & bits[1]);
                        halfBricks += set == 1 ? 1 : 0;
                        gone += b[r][col] ? 0 : 1;
                        GameObjects.Box box = GameObjects.brickBox(r, col);
                        if (overlaps(grown, box)) {
                            continue;
                        }
                        cells++;
                        int n = count(f, BRICK_RGB[r], box), blank = count(f, 0, box);
                        if (b[r][col] ? n != 48 : blank != 48) {
                            mismatch++;
                        }
                    }
                }
            }
            System.out.printf("bricks: %d frames, %d brick cells checked (%d absent), mismatches %d, half-set bricks %d%n", frames, cells, gone,
                    mismatch, halfBricks);
            assertEquals(0, mismatch);
            assertEquals(0, halfBricks);
            assertTrue(gone > 100000, "too few destroyed bricks seen");
        }
    }

    /** Deleting a brick column clears exactly that column's brick pixels on the next frame. */
    @Test
    void deletingABrickColumn() {
        byte[] c = new byte[AtariEnv.FRAME_BYTES], f = new byte[AtariEnv.FRAME_BYTES];
        int tried = 0, exact = 0;
        try (AtariEnv env = open("BreakoutNoFrameskip-v4", 5)) {
            Random rnd = new Random(43);
            for (int t = 0; t < 3000; t++) {
                env.step(breakoutTracker(env.ram(), rnd));
                if (env.gameOver()) {
                    env.reset();
                }
                if (t < 100 || t % 40 != 0) {
                    continue;
                }
                byte[] ram = env.ram();
                int col = rnd.nextInt(18);
                if (!GameObjects.brickColumnPresent(ram, col)) {
                    continue;
                }
                EnvState s = env.cloneState();
                env.step(0);
                env.rawFrame(c);
                byte[] cram = env.ram();
                env.restoreState(s);
                env.step(0); // replay to refresh ALE's RAM copy, then go back
                env.restoreState(s);
                // the RAM copy now holds the control step's RAM, whose bricks are the state's unless the ball hit one
                GameObjects.deleteBrickColumn(env, col);
                env.step(0);
                env.rawFrame(f);
                byte[] iram = env.ram();
                env.restoreState(s);
                env.step(0);
                tried++;
                int[] d = diffBox(c, f);
                GameObjects.Box box = GameObjects.brickColumnBox(col);
                boolean ok = d != null && inside(d, box) && !GameObjects.brickColumnPresent(iram, col);
                int drawn = 0;
                for (int r = 0; r < 6; r++) {
                    drawn += GameObjects.bricks(cram)[r][col] ? 48 : 0;
                }
                if (ok && d[4] == drawn) {
                    exact++;
                }
            }
        }
        System.out.printf("brick column deletes: %d tried, exactly the column's brick pixels cleared in %d%n", tried, exact);
        assertTrue(tried >= 30 && exact >= 0.95 * tried, exact + "/" + tried);
    }

    // ------------------------------------------------------------------ SpaceInvaders invaders, shields

    /**
     * Every invader cell on every frame of play: bit set => invader-coloured pixels in its box; bit clear
     * => none, except while the explosion of a just-shot invader plays (up to 40 frames after the bit
     * cleared). The formation y (RAM[16]) is also moved by writes to check {@code top = 31 + 2 * RAM[16]}
     * beyond the values random play reaches.
     */
    @Test
    void invadersOnRealFrames() {
        try (AtariEnv env = open("SpaceInvadersNoFrameskip-v4", 11)) {
            Random rnd = new Random(17);
            byte[] f = new byte[AtariEnv.FRAME_BYTES];
            int[][] since = new int[6][6];
            long cells = 0, aliveMissing = 0, deadDrawn = 0, explosions = 0, countMismatch = 0;
            int act = 0, frames = 12000;
            java.util.TreeSet<Integer> ys = new java.util.TreeSet<>();
            for (int t = 0; t < frames; t++) {
                if (t % 8 == 0) {
                    act = rnd.nextInt(env.actionCount());
                }
                env.step(act);
                if (env.gameOver()) {
                    env.reset();
                }
                byte[] ram = env.ram();
                env.rawFrame(f);
                ys.add(ram[16] & 255);
                boolean[][] alive = GameObjects.invaders(ram);
                int n = 0;
                for (int r = 0; r < 6; r++) {
                    for (int col = 0; col < 6; col++) {
                        n += alive[r][col] ? 1 : 0;
                        since[r][col] = alive[r][col] ? 0 : since[r][col] + 1;
                        GameObjects.Box box = GameObjects.invaderBox(ram, r, col);
                        if (box.top() + box.height() > 185) {
                            continue;
                        }
                        cells++;
                        int px = count(f, SI_INVADER, box);
                        if (alive[r][col] && px == 0) {
                            aliveMissing++;
                        } else if (!alive[r][col] && px > 0) {
                            if (since[r][col] <= 40) {
                                explosions++;
                            } else {
                                deadDrawn++;
                            }
                        }
                    }
                }
                countMismatch += n == GameObjects.invadersLeft(ram) ? 0 : 1;
            }
            System.out.printf("invaders: %d frames, %d cells checked, alive-not-drawn %d, dead-drawn %d (+%d explosion frames), "
                    + "RAM[17] != bits %d, RAM[16] seen %s%n", frames, cells, aliveMissing, deadDrawn, explosions, countMismatch, ys);
            assertEquals(0, aliveMissing);
            assertEquals(0, deadDrawn);
            assertEquals(0, countMismatch);
            // formation y by writes: the top alive row's pixels start at 31 + 2 * RAM[16] + 18 * row
            env.reset();
            for (int t = 0; t < 60; t++) {
                env.step(0);
            }
            EnvState s = env.cloneState();
            int checked = 0;
            for (int y = 0; y <= 30; y += 3) {
                env.restoreState(s);
                env.setRam(16, y);
                env.step(0);
                env.rawFrame(f);
                byte[] ram = env.ram();
                int[] b = find(f, SI_INVADER, 20, 185, 0, 160);
                GameObjects.Box top = GameObjects.invaderBox(ram, 0, 0);
                assertTrue(b != null && Math.abs(b[0] - top.top()) <= 1, "RAM[16]=" + y + " seen top " + (b == null ? -1 : b[0]) + " want " + top.top());
                checked++;
            }
            System.out.printf("invaders: formation top checked for %d written RAM[16] values%n", checked);
        }
    }

    /** Deleting one invader (bit and count) removes its pixels on the next frame, and only within its box. */
    @Test
    void deletingAnInvader() {
        byte[] c = new byte[AtariEnv.FRAME_BYTES], f = new byte[AtariEnv.FRAME_BYTES];
        int tried = 0, gone = 0, onlyInBox = 0;
        try (AtariEnv env = open("SpaceInvadersNoFrameskip-v4", 5)) {
            Random rnd = new Random(47);
            for (int t = 0; t < 3000; t++) {
                env.step(t % 8 == 0 ? rnd.nextInt(env.actionCount()) : 0);
                if (env.gameOver()) {
                    env.reset();
                }
                if (t < 100 || t % 25 != 0) {
                    continue;
                }
                byte[] ram = env.ram();
                int r = rnd.nextInt(6), col = rnd.nextInt(6);
                if (!GameObjects.invaders(ram)[r][col] || GameObjects.invadersLeft(ram) < 2) {
                    continue;
                }
                EnvState s = env.cloneState();
                GameObjects.Box box = GameObjects.invaderBox(ram, r, col);
                GameObjects.deleteInvader(env, r, col); // fresh RAM copy: the state was reached by a step
                env.step(0);
                env.rawFrame(f);
                byte[] iram = env.ram();
                env.restoreState(s);
                env.step(0);
                env.rawFrame(c);
                byte[] cram = env.ram();
                tried++;
                GameObjects.Box moved = new GameObjects.Box(box.top(), box.left() + (cram[26] & 255) - (ram[26] & 255), box.height(), box.width());
                if (count(c, SI_INVADER, moved) > 0 && count(f, SI_INVADER, moved) == 0
                        && GameObjects.invadersLeft(iram) == GameObjects.invadersLeft(cram) - 1) {
                    gone++;
                }
                int[] d = diffBox(c, f);
                GameObjects.Box grown = new GameObjects.Box(moved.top() - 2, moved.left() - 2, moved.height() + 4, moved.width() + 4);
                if (d != null && inside(d, grown)) {
                    onlyInBox++;
                }
            }
        }
        System.out.printf("invader deletes: %d tried, pixels gone after one frame %d, change only in its box %d%n", tried, gone, onlyInBox);
        assertTrue(tried >= 30 && gone >= 0.95 * tried, gone + "/" + tried);
    }

    /**
     * Shields are in RAM: on every frame of play each bit of RAM[43..69] is drawn as a 1x2 px cell of
     * shield colour at {@link GameObjects#shieldBox} + (2 * row, column), and a clear bit is not.
     */
    @Test
    void shieldsOnRealFrames() {
        try (AtariEnv env = open("SpaceInvadersNoFrameskip-v4", 11)) {
            Random rnd = new Random(17);
            byte[] f = new byte[AtariEnv.FRAME_BYTES];
            long cells = 0, mismatch = 0, cleared = 0;
            int act = 0, frames = 6000;
            for (int t = 0; t < frames; t++) {
                if (t % 8 == 0) {
                    act = rnd.nextInt(env.actionCount());
                }
                env.step(act);
                if (env.gameOver()) {
                    env.reset();
                }
                byte[] ram = env.ram();
                env.rawFrame(f);
                boolean[][][] sh = GameObjects.shields(ram);
                for (int i = 0; i < 3; i++) {
                    GameObjects.Box b = GameObjects.shieldBox(ram, i);
                    for (int r = 0; r < 9; r++) {
                        for (int col = 0; col < 8; col++) {
                            int n = count(f, SI_SHIELD, new GameObjects.Box(b.top() + 2 * r, b.left() + col, 2, 1));
                            cells++;
                            cleared += sh[i][r][col] ? 0 : 1;
                            if (sh[i][r][col] ? n != 2 : n != 0) {
                                mismatch++;
                            }
                        }
                    }
                }
            }
            System.out.printf("shields: %d frames, %d cells checked (%d clear), mismatches %d%n", frames, cells, cleared, mismatch);
            assertTrue(mismatch <= cells / 5000, "shield mismatches " + mismatch);
        }
    }
}
