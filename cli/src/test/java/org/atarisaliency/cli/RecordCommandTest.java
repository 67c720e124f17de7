package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.video.FrameComposer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record --objects}: object boxes outlined on the video and written to objects.csv. */
class RecordCommandTest {
    private static final int START = 20;
    private static final int FRAMES = 30;
    private static final int SCALE = 3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    /** --scale-mode takes absolute, per-clip or fixed; --saliency-scale implies fixed and is refused with another mode, in one line. */
    @Test
    void scaleModeAndSaliencyScaleAreCheckedInOneLine() throws Exception {
        String[][] bad = {{"--scale-mode", "loud"}, {"--scale-mode", "per-clip", "--saliency-scale", "0.1"}, {"--scale-mode", "fixed"}};
        String[] says = {"--scale-mode must be one of absolute, per-clip, fixed, got 'loud'", "--saliency-scale applies to the fixed scale mode only",
            "--saliency-scale must be given for the fixed scale mode"};
        for (int i = 0; i < bad.length; i++) {
            List<String> args = new ArrayList<>(List.of("record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--frames", "1",
                    "--out", tmp.resolve("bad.mp4").toString(), "--quiet"));
            args.addAll(List.of(bad[i]));
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(says[i]) && r.err().strip().lines().count() == 1, r.err());
            assertFalse(Files.exists(tmp.resolve("bad.mp4")));
        }
    }

    /** objects.csv rows are the object model of a replay of the clip's actions, and the PNG stills show the boxes around the sprites. */
    @Test
    void objectsAreWrittenAndOutlinedWhereTheSpritesAre() throws Exception {
        Path out = tmp.resolve("clip.mp4"), png = tmp.resolve("png");
        CliTest.Run r = CliTest.run("record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--seed", "3", "--start", String.valueOf(START),
                "--frames", String.valueOf(FRAMES), "--stride", "10", "--overlay", "none", "--scale", String.valueOf(SCALE), "--objects",
                "--png", png.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(out) > 0);
        assertTrue(Files.readString(tmp.resolve("clip.run.json")).contains("\"objects\": true"));

        List<String> rows = Files.readAllLines(tmp.resolve("clip.objects.csv"));
        assertEquals("step,object,top,left,height,width", rows.get(0));
        List<String> steps = Files.readAllLines(tmp.resolve("clip.steps.csv"));
        assertEquals(FRAMES + 1, steps.size());

        // replay: the same emulator seed and the recorded actions (the steps before the clip are replayed with the agent's actions too)
        List<Integer> actions = new ArrayList<>();
        Path full = tmp.resolve("all.mp4");
        CliTest.Run all = CliTest.run("record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--seed", "3", "--frames",
                String.valueOf(START + FRAMES), "--stride", "40", "--overlay", "none", "--scale", "1", "--out", full.toString(), "--quiet");
        assertEquals(0, all.code(), all.err());
        assertFalse(Files.exists(tmp.resolve("all.objects.csv")), "no objects.csv without --objects");
        assertTrue(Files.readString(tmp.resolve("all.run.json")).contains("\"objects\": false"));
        for (String line : Files.readAllLines(tmp.resolve("all.steps.csv")).subList(1, START + FRAMES + 1)) {
            actions.add(Integer.parseInt(line.split(",")[1]));
        }
        for (int t = 0; t < FRAMES; t++) {
            assertEquals(steps.get(1 + t).split(",")[1], String.valueOf(actions.get(START + t)), "the clip plays the same actions at step " + (START + t));
        }
        List<String> expected = new ArrayList<>();
        GameSpec spec = GameIds.resolve("Pong-v4", List.of("pong"));
        int ballInPlay = 0;
        try (AtariEnv env = AtariEnv.open(spec, TestRoms.rom("pong"), Seeds.env(3, 0), 0)) {
            for (int t = 0; t < START + FRAMES; t++) {
                if (t >= START) {
                    for (GameObjects.GameObject o : GameObjects.objects("pong", env.ram())) {
                        GameObjects.Box b = o.box();
                        expected.add(t + "," + o.name() + "," + (b == null ? ",,," : b.top() + "," + b.left() + "," + b.height() + "," + b.width()));
                        ballInPlay += o.name().equals("ball") && b != null ? 1 : 0;
                    }
                }
                env.step(actions.get(t));
            }
        }
        assertEquals(expected, rows.subList(1, rows.size()));
        assertEquals(5 * FRAMES, rows.size() - 1, "ball, player, enemy and both scores on every step");
        assertTrue(ballInPlay > 0, "the clip should show the ball in play somewhere");

        // the stills: each box's outline in its colour, 1 px outside the scaled box, and the sprite inside it
        int checkedBall = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",", -1);
            if (c[2].isEmpty()) {
                continue;
            }
            int step = Integer.parseInt(c[0]), top = Integer.parseInt(c[2]), left = Integer.parseInt(c[3]);
            int h = Integer.parseInt(c[4]), w = Integer.parseInt(c[5]);
            BufferedImage img = ImageIO.read(png.resolve(String.format("frame_%06d.png", step)).toFile());
            int colour = FrameComposer.objectColour(c[1]);
            int y0 = top * SCALE - 1, x0 = left * SCALE - 1, x1 = (left + w) * SCALE, y1 = (top + h) * SCALE;
            if (y0 >= 0 && y1 < img.getHeight()) {
                assertEquals(colour, img.getRGB(x0, y0) & 0xffffff, row + ": top-left corner of the outline");
                assertEquals(colour, img.getRGB(x1, y1) & 0xffffff, row + ": bottom-right corner of the outline");
                assertEquals(colour, img.getRGB((x0 + x1) / 2, y1) & 0xffffff, row + ": bottom edge");
            }
            // the sprite's colour at the box's centre (boxes of paddles at a wall may be partly clipped by the playfield)
            int cy = (top + h / 2) * SCALE, cx = (left + w / 2) * SCALE;
            if (top >= 34 && top + h <= 194 && !c[1].endsWith("score")) {
                int sprite = switch (c[1]) {
                    case "ball" -> 0xececec;
                    case "player" -> 0x5cba5c;
                    default -> 0xd5824a;
                };
                if (!onAnotherOutline(rows, step, c[1], cx, cy)) {
                    assertEquals(sprite, img.getRGB(cx, cy) & 0xffffff, row + ": the sprite inside the box");
                    checkedBall += c[1].equals("ball") ? 1 : 0;
                }
            }
        }
        assertTrue(checkedBall > 0, "the ball's sprite was checked");
        if (System.getenv("RECORD_OBJECTS_KEEP") != null) {
            Path keep = Path.of(System.getenv("RECORD_OBJECTS_KEEP"));
            Files.createDirectories(keep);
            try (Stream<Path> s = Files.list(png)) {
                for (Path f : s.toList()) {
                    Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(tmp.resolve("clip.objects.csv"), keep.resolve("objects.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether video pixel (x, y) lies on the outline of another object of the same step (the ball at a paddle). */
    private static boolean onAnotherOutline(List<String> rows, int step, String name, int x, int y) {
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",", -1);
            if (Integer.parseInt(c[0]) != step || c[1].equals(name) || c[2].isEmpty()) {
                continue;
            }
            int top = Integer.parseInt(c[2]), left = Integer.parseInt(c[3]), h = Integer.parseInt(c[4]), w = Integer.parseInt(c[5]);
            int y0 = top * SCALE - 1, x0 = left * SCALE - 1, x1 = (left + w) * SCALE, y1 = (top + h) * SCALE;
            if (x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x == x0 || x == x1 || y == y0 || y == y1)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void objectsOnAGameWithoutAnObjectModelIsOneLineAndWritesNothing() throws Exception {
        Path out = tmp.resolve("clip.mp4");
        CliTest.Run r = CliTest.run("record", "--agent", CliTest.pong(), "--game", "Tennis-v4", "--frames", "2", "--objects",
                "--out", out.toString(), "--quiet");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertEquals(List.of("error: --objects has no object model for tennis; supported: pong, breakout, space_invaders"), r.err().strip().lines().toList());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "nothing written");
        }
    }

    @Test
    void helpNamesTheFlag() {
        CliTest.Run h = CliTest.run("record", "--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("--objects"), h.out());
        assertTrue(h.out().contains("objects.csv"), h.out());
    }
}
