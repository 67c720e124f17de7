package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} end to end on Pong: a seed gives the same weights, a run killed with SIGKILL and
 * resumed ends with exactly the weights of an uninterrupted run, and the checkpoints load as agents.
 */
class TrainCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--game", "Pong-v4", "--frames", "800", "--envs", "2", "--steps", "5", "--seed", "3",
                "--checkpoint-minutes", "0.0001", "--out", out.toString(), "--quiet"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void aKilledRunResumesToTheSameWeights() throws Exception {
        Path whole = tmp.resolve("whole");
        CliTest.Run r = CliTest.run(args(whole));
        assertEquals(0, r.code(), r.err());
        byte[] expected = Files.readAllBytes(whole.resolve("model.pt"));
        CliTest.Run again = CliTest.run(args(tmp.resolve("again")));
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(expected, Files.readAllBytes(tmp.resolve("again").resolve("model.pt")), "the same seed gives the same weights");

        // a real process, killed without warning once it has saved a few times
        Path cut = tmp.resolve("cut");
        killAfterSaving(args(cut), cut, 200, 800);

        CliTest.Run fresh = CliTest.run(args(cut));
        assertEquals(2, fresh.code(), "a folder with a run is not overwritten: " + fresh.err());
        assertTrue(fresh.err().contains("--out already holds a training run"), fresh.err());
        CliTest.Run other = CliTest.run(args(cut, "--resume", "--lr", "0.001"));
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("--lr is 0.001 but the run being resumed used 5.0E-4"), other.err());

        CliTest.Run resumed = CliTest.run(args(cut, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(expected, Files.readAllBytes(cut.resolve("model.pt")), "resumed weights equal the uninterrupted run's");
        assertEquals(Files.readAllLines(whole.resolve("train.csv")).size(), Files.readAllLines(cut.resolve("train.csv")).size());

        // the checkpoints are agents every command takes
        for (String f : List.of("model.pt", "checkpoints/model.000.pt", "checkpoints/model.050.pt", "checkpoints/model.100.pt")) {
            try (ActorCriticPolicy a = ActorCriticPolicy.load(whole.resolve(f), 6)) {
                assertEquals(List.of("h"), a.stateNames());
            }
        }
        assertTrue(Files.size(whole.resolve("learning_curve.png")) > 0);
        String run = Files.readString(whole.resolve("run.json"), StandardCharsets.UTF_8);
        assertTrue(run.contains("\"command\": \"train\"") && run.contains("\"rom_md5\"") && run.contains("\"seed\": 3"), run);
    }

    /** Before any episode ends (Pong's take thousands of frames) the curve shows the losses and the entropy, in PNG and SVG. */
    @Test
    void aShortRunDrawsLossesAndEntropy() throws Exception {
        Path out = tmp.resolve("short");
        CliTest.Run r = CliTest.run(args(out));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("train.csv")).lines().skip(1).allMatch(l -> l.split(",")[2].equals("0")), "no episode ended");
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("learning_curve.png").toFile());
        for (int colour : new int[] {0x0072B2, 0xD55E00, 0xCC79A7}) {
            int n = 0;
            for (int y = 0; y < png.getHeight(); y++) {
                for (int x = 0; x < png.getWidth(); x++) {
                    n += (png.getRGB(x, y) & 0xFFFFFF) == colour ? 1 : 0;
                }
            }
            assertTrue(n > 100, String.format("%06X (policy loss, value loss, entropy) drawn: %d pixels", colour, n));
        }
        assertTrue(Files.readString(out.resolve("learning_curve.svg")).contains("<svg"), "the SVG beside the PNG");
    }

    /** --life-loss-terminal (A2C only) is recorded in run.json, and a resume with the other value is refused. */
    @Test
    void lifeLossTerminalIsRecordedAndAResumeMustKeepIt() throws Exception {
        Path out = tmp.resolve("lives");
        List<String> a = new ArrayList<>(List.of("train", "--game", "Breakout-v4", "--frames", "300", "--envs", "2", "--steps", "5", "--seed", "3",
                "--checkpoint-minutes", "0.0001", "--out", out.toString(), "--quiet", "--life-loss-terminal"));
        CliTest.Run on = CliTest.run(a.toArray(String[]::new));
        assertEquals(0, on.code(), on.err());
        assertTrue(Files.readString(out.resolve("run.json"), StandardCharsets.UTF_8).contains("\"life_loss_terminal\": true"));
        a.set(a.indexOf("--life-loss-terminal"), "--resume");
        CliTest.Run other = CliTest.run(a.toArray(String[]::new));
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("--life-loss-terminal is false but the run being resumed used true"), other.err());

        CliTest.Run ppo = CliTest.run("train", "--game", "Breakout-v4", "--algo", "ppo", "--life-loss-terminal", "--out", tmp.resolve("p").toString());
        assertEquals(2, ppo.code(), ppo.err());
        assertTrue(ppo.err().startsWith("error: --life-loss-terminal is for a2c; ppo always ends") && ppo.err().strip().lines().count() == 1, ppo.err());
    }

    @Test
    void badSettingsAreOneLine() {
        CliTest.Run r = CliTest.run("train", "--game", "Pong-v4", "--frames", "ten", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --frames must be a whole count like 500k"), r.err());
        CliTest.Run a = CliTest.run("train", "--game", "Pong-v4", "--arch", "rnn", "--out", tmp.resolve("y").toString());
        assertEquals(2, a.code());
        assertTrue(a.err().contains("--arch must be one of gru, lstm, cnn, got 'rnn'"), a.err());
        assertEquals(1, a.err().strip().lines().count(), a.err());
    }

    @Test
    void imitationMakesAStudentFromAnExpertWithHints() throws Exception {
        Path out = tmp.resolve("overfit");
        CliTest.Run r = CliTest.run("imitate", "--expert", CliTest.pong(), "--game", "Pong-v4", "--hints", "expert", "--frames", "400", "--envs", "2",
                "--steps", "5", "--lr", "1e-4", "--out", out.toString(), "--quiet"); // the rate this smoke test was calibrated with
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("imitate.csv"));
        assertEquals(41, rows.size());
        assertTrue(rows.get(0).startsWith("frames,updates,episodes,mean_return_100,cross_entropy,accuracy"), rows.get(0));
        // the smoke test of learning: the student's cross-entropy to the expert falls within 40 small updates
        double first = rows.subList(1, 6).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[4])).average().orElseThrow();
        double last = rows.subList(31, 41).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[4])).average().orElseThrow();
        assertTrue(last < 0.85 * first, "cross-entropy " + first + " -> " + last);
        try (ActorCriticPolicy a = ActorCriticPolicy.load(out.resolve("model.pt"), 6)) {
            assertEquals(List.of("h"), a.stateNames());
        }
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"hints\": \"expert\""));
        CliTest.Run off = CliTest.run("imitate", "--expert", CliTest.pong(), "--game", "Pong-v4", "--out", tmp.resolve("off").toString());
        assertEquals(2, off.code());
        assertTrue(off.err().contains("imitate takes --hints expert (the overfit agent) or --hints random (the control)"), off.err());
    }

    @Test
    void aKilledImitationResumesToTheSameWeights() throws Exception {
        // random hints and an LSTM student: the hint generators, the expert's memory and both LSTM state parts must be saved
        java.util.function.Function<Path, String[]> args = out -> new String[] {"imitate", "--expert", CliTest.pong(), "--game", "Pong-v4",
            "--hints", "random", "--arch", "lstm", "--frames", "600", "--envs", "2", "--steps", "5", "--seed", "4", "--checkpoint-minutes", "0.0001",
            "--out", out.toString(), "--quiet"};
        Path whole = tmp.resolve("whole");
        CliTest.Run r = CliTest.run(args.apply(whole));
        assertEquals(0, r.code(), r.err());
        Path cut = tmp.resolve("cut");
        killAfterSaving(args.apply(cut), cut, 150, 600);
        CliTest.Run fresh = CliTest.run(args.apply(cut));
        assertEquals(2, fresh.code(), fresh.err());
        assertTrue(fresh.err().contains("--out already holds an imitation run"), fresh.err());
        String[] resume = java.util.Arrays.copyOf(args.apply(cut), args.apply(cut).length + 1);
        resume[resume.length - 1] = "--resume";
        CliTest.Run resumed = CliTest.run(resume);
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.pt")), Files.readAllBytes(cut.resolve("model.pt")),
                "resumed weights equal the uninterrupted run's");
        List<String> a = Files.readAllLines(whole.resolve("imitate.csv")).stream().map(TrainCommandTest::withoutTimes).toList();
        List<String> b = Files.readAllLines(cut.resolve("imitate.csv")).stream().map(TrainCommandTest::withoutTimes).toList();
        assertEquals(a, b, "the log continues with the same rows");
    }

    /** A log row without its last two columns (steps/s and wall time). */
    private static String withoutTimes(String row) {
        String[] f = row.split(",");
        return String.join(",", java.util.Arrays.copyOf(f, Math.max(1, f.length - 2)));
    }

    /** Runs the command in a real process and kills it (SIGKILL) once its resume/ holds between min and max frames. */
    private static void killAfterSaving(String[] args, Path out, long min, long max) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Datari.home=" + TestRoms.projectRoot(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path state = out.resolve("resume").resolve("trainer.json");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline && !(Files.exists(state) && frames(state) >= min)) {
            Thread.sleep(50);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long saved = frames(state);
        assertTrue(saved >= min && saved < max, "killed mid-run after saving, at " + saved + " frames");
    }

    private static long frames(Path trainerJson) throws java.io.IOException {
        String t = Files.readString(trainerJson);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"frames\": (\\d+)").matcher(t);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
