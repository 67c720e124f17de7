package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume save killed at any point of the swap leaves one complete state: {@code resume} continues
 * from the newest one and ends with the uninterrupted run's weights; leftovers are removed.
 */
class ResumeCrashTest {
    @TempDir
    static Path tmp;
    static Game game;
    static byte[] expected;

    /** The failure a test hook throws where a crash would stop the save. */
    static final class Crash extends IOException {
        Crash(ResumeSaves.Step step) {
            super("crash at " + step);
        }
    }

    @BeforeAll
    static void uninterrupted() throws Exception {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        game = new Game(spec, loc.find(spec.rom()));
        Path whole = tmp.resolve("whole");
        Train.run(settings(whole, false), Train.defaultEngine(), (p, b) -> { });
        expected = Files.readAllBytes(whole.resolve("model.pt"));
    }

    static Train.Settings settings(Path out, boolean resume) {
        return new Train.Settings(game, 7, Train.DECLARATION.values(java.util.Map.of("arch", "gru", "frames", 100, "envs", 2, "steps", 5,
                "lr", A2cConfig.defaults().learningRate())), true, 1e-6, out, resume);
    }

    @Test
    void aSaveKilledAtAnyStepResumesFromTheNewestCompleteState() throws Exception {
        for (ResumeSaves.Step step : ResumeSaves.Step.values()) {
            Path out = tmp.resolve("crash-" + step);
            int[] saves = {0};
            // every update saves; the 4th save (after 4 updates) is killed at this step
            assertThrows(Crash.class, () -> Train.run(settings(out, false), Train.defaultEngine(), (p, b) -> { }, s -> {
                saves[0] += s == ResumeSaves.Step.SEALED ? 1 : 0;
                if (s == step && saves[0] == 4) {
                    throw new Crash(s);
                }
            }));
            assertTrue(new TrainFolder(out, (f, w) -> { }).recover(), step.toString());
            assertEquals(4, ResumeSaves.check(out.resolve("resume")).updates(), step + ": the newest complete state is in resume/");
            assertEquals(List.of(), hiddenSaves(out), step + ": leftovers removed");

            Train.run(settings(out, true), Train.defaultEngine(), (p, b) -> { });
            assertArrayEquals(expected, Files.readAllBytes(out.resolve("model.pt")), step + ": resumed to the uninterrupted run's weights");
        }
    }

    @Test
    void resumeSkipsDamagedAndPartialSavesAndRefusesADamagedOnlySave() throws Exception {
        Path out = tmp.resolve("damaged");
        Train.run(settings(out, false), Train.defaultEngine(), (p, b) -> { });
        Path resume = out.resolve("resume");
        long updates = ResumeSaves.check(resume).updates();
        // a sealed copy with a damaged file, claiming more updates, and an unsealed partial save
        Path damaged = copy(resume, out.resolve(".resume-1"));
        Files.writeString(damaged.resolve(ResumeSaves.COMPLETE), Files.readString(damaged.resolve(ResumeSaves.COMPLETE))
                .replace("\"updates\": " + updates, "\"updates\": " + (updates + 5)));
        flipByte(damaged.resolve("envs.bin"));
        Path partial = copy(resume, out.resolve(".resume-2"));
        Files.delete(partial.resolve(ResumeSaves.COMPLETE));
        assertTrue(new TrainFolder(out, (f, w) -> { }).recover());
        assertEquals(updates, ResumeSaves.check(resume).updates());
        assertEquals(List.of(), hiddenSaves(out));

        flipByte(resume.resolve("observations.npy"));
        var e = assertThrows(org.atarisaliency.agents.checkpoint.CheckpointException.class,
                () -> Train.run(settings(out, true), Train.defaultEngine(), (p, b) -> { }));
        assertTrue(e.getMessage().startsWith(resume.resolve("observations.npy") + " is damaged"), e.getMessage());
    }

    private static List<String> hiddenSaves(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".resume-") || n.startsWith(".old-resume-")).toList();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
        return to;
    }

    static void flipByte(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x5a;
        Files.write(f, b);
    }
}
