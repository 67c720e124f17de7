package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated or altered resume saves and agent files give one line naming the file, exit 3, never an
 * internal error; Adam's moments in a save must be finite (second moments >= 0).
 */
class DamagedFilesTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void tinyRun() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        run = tmp.resolve("run");
        CliTest.Run r = CliTest.run(train(run));
        assertEquals(0, r.code(), r.err());
    }

    private static String[] train(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--game", "Pong-v4", "--frames", "20", "--envs", "2", "--steps", "5", "--seed", "3",
                "--out", out.toString(), "--quiet"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static void assertDamaged(CliTest.Run r, Path file, String what) {
        assertEquals(3, r.code(), what + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
        assertTrue(r.err().contains(file.toString()), what + ": the file is named: " + r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void everyDamagedResumeFileIsAOneLineExit3() throws Exception {
        int k = 0;
        for (String name : List.of("trainer.json", "envs.bin", "observations.npy", "memory_h.npy", "optimizer/exp_avg_sq.critic_linear.weight.npy",
                "model.pt")) {
            long size = Files.size(run.resolve("resume").resolve(name));
            for (long keep : new long[] {0, size / 2, size - 1, -1}) {
                for (boolean sealed : new boolean[] {true, false}) {
                    if (!sealed && (keep < 0 || keep == size - 1)) {
                        continue; // without its checksums a changed byte may be a valid number; a truncation never is
                    }
                    Path copy = copyRun(tmp.resolve("damaged-" + k++));
                    Path file = copy.resolve("resume").resolve(name);
                    damage(file, keep);
                    if (!sealed) {
                        Files.delete(copy.resolve("resume").resolve("complete.json")); // as a save written before saves were sealed
                    }
                    assertDamaged(CliTest.run(train(copy, "--resume")), sealed ? file : copy.resolve("resume"), name + " cut at " + keep);
                }
            }
        }
    }

    @Test
    void adamMomentsMustBeFiniteAndSecondMomentsNonNegative() throws Exception {
        for (String[] c : new String[][] {{"exp_avg.critic_linear.weight", "NaN"}, {"exp_avg_sq.critic_linear.weight", "-1"},
            {"exp_avg_sq.critic_linear.bias", "Infinity"}}) {
            Path copy = copyRun(tmp.resolve("moments-" + c[0] + c[1]));
            Path file = copy.resolve("resume").resolve("optimizer").resolve(c[0] + ".npy");
            float[] v = Npy.read(file).floats();
            v[0] = Float.parseFloat(c[1]);
            Npy.writeFloat32(file, v, v.length);
            Files.delete(copy.resolve("resume").resolve("complete.json"));
            CliTest.Run r = CliTest.run(train(copy, "--resume"));
            assertDamaged(r, file, c[0]);
            assertTrue(r.err().contains("'" + c[0] + "' holds " + Float.parseFloat(c[1]) + " at index 0"), r.err());
        }
    }

    @Test
    void everyDamagedAgentFileIsAOneLineExit3() throws Exception {
        int k = 0;
        // the bundled agent (zip format) and baby-a3c's (legacy format)
        for (Path agent : List.of(TestRoms.projectRoot().resolve("models").resolve("pong.pt"), Path.of(CliTest.pong()))) {
            long size = Files.size(agent);
            for (long keep : new long[] {1, 30, 100, size / 3, size / 2, size - 22, size - 1, -1}) {
                Path file = tmp.resolve("agent-" + k++ + ".pt");
                Files.copy(agent, file);
                damage(file, keep);
                CliTest.Run r = CliTest.run("info", "--agent", file.toString());
                if (keep < 0 && r.code() == 0) {
                    continue; // a changed weight byte is still a checkpoint
                }
                assertDamaged(r, file, agent.getFileName() + " cut at " + keep);
            }
        }
    }

    /** Cuts {@code file} to {@code keep} bytes, or (keep < 0) flips a byte in its middle. */
    private static void damage(Path file, long keep) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (keep < 0) {
            b[b.length / 2] ^= 0x5a;
            Files.write(file, b);
        } else {
            Files.write(file, java.util.Arrays.copyOf(b, (int) keep));
        }
    }

    private static Path copyRun(Path to) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, to.resolve(run.relativize(p).toString()));
                }
            }
        }
        return to;
    }
}
