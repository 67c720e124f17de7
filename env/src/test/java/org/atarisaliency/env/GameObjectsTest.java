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
    static final int BREAKOUT_RED = 0xc84848, SI_GREEN = 0x328432, SI_INVADER = 0x86861d;

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
            case "spaceinvaders.player" -> {
                b = find(f, SI_GREEN, 180, 196, 0, 160);
                if (b != null && b[3] - b[2] + 1 < 7) {
                    b = null;
                }
            }
            case "spaceinvaders.invaders" -> b = find(f, SI_INVADER, 20, 185, 0, 160);
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
        assertMapping("SpaceInvadersNoFrameskip-v4", "spaceinvaders");
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
                new Case("SpaceInvadersNoFrameskip-v4", "spaceinvaders", "player", "x", 8, true),
                new Case("SpaceInvadersNoFrameskip-v4", "spaceinvaders", "invaders", "x", 8, true));
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
}
