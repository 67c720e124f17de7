package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.env.OutputLock;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training folder's holes of issue 21: a run stopped before its first save can be started over
 * (with or without --resume), and a folder another process trains in is refused with its PID.
 */
class TrainFolderHolesTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private static String[] train(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--game", "Pong-v4", "--frames", "40", "--envs", "2", "--steps", "5", "--seed", "3",
                "--out", out.toString(), "--quiet"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** What a train run writes before its first save: run.json without a result, the log's header, the first checkpoint. */
    private static Path stoppedBeforeFirstSave(Path out) throws Exception {
        Files.createDirectories(out.resolve("checkpoints"));
        Files.writeString(out.resolve("run.json"), "{\"command\": \"train\", \"settings\": {\"seed\": 3}}\n");
        Files.writeString(out.resolve("train.csv"), "frames,updates\n");
        Files.writeString(out.resolve("checkpoints").resolve("model.000.pt"), "partial");
        Files.createDirectories(out.resolve(".resume-123"));
        return out;
    }

    @Test
    void aRunStoppedBeforeItsFirstSaveStartsOverWithOrWithoutResume() throws Exception {
        for (String[] more : List.of(new String[0], new String[] {"--resume"})) {
            Path out = stoppedBeforeFirstSave(tmp.resolve("stopped" + more.length));
            CliTest.Run r = CliTest.run(train(out, more));
            assertEquals(0, r.code(), r.err());
            assertTrue(Files.isRegularFile(out.resolve("resume").resolve("trainer.json")));
            assertFalse(Files.exists(out.resolve(".resume-123")), "the partial save is removed");
        }
        Path foreign = stoppedBeforeFirstSave(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        CliTest.Run r = CliTest.run(train(foreign));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("notes.txt, which such a run does not write"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        CliTest.Run none = CliTest.run(train(tmp.resolve("empty"), "--resume"));
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("--resume found no run to continue"), none.err());
    }

    @Test
    void aFolderBeingTrainedInIsBusy() throws Exception {
        Path out = tmp.resolve("busy");
        String pid = Long.toString(ProcessHandle.current().pid());
        try (OutputLock held = OutputLock.folder(out)) {
            CliTest.Run t = CliTest.run(train(out, "--resume"));
            assertEquals(1, t.code(), t.err());
            assertEquals("error: another run is writing " + out + " (PID " + pid + "); wait for it to finish, or write elsewhere", t.err().strip());
            CliTest.Run i = CliTest.run("imitate", "--expert", CliTest.pong(), "--game", "Pong-v4", "--hints", "random", "--frames", "20",
                    "--envs", "2", "--steps", "5", "--out", out.toString(), "--quiet");
            assertEquals(1, i.code(), i.err());
            assertTrue(i.err().contains("(PID " + pid + ")"), i.err());
        }
        assertEquals(0, CliTest.run(train(out)).code(), "free again once released");
    }
}
