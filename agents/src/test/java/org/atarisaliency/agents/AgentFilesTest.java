package org.atarisaliency.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.TorchCheckpoint;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.rl4j.Dl4jModelZip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Agent paths that are not regular files are refused at once (reading a fifo would block forever). */
class AgentFilesTest {

    @TempDir
    Path tmp;

    /** A named pipe made with mkfifo (Java's file API cannot make one). */
    static Path fifo(Path dir) throws Exception {
        Path f = dir.resolve("agent.fifo");
        Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        return f;
    }

    private static void refused(Path f, String kind, Executable call) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            CheckpointException e = assertThrows(CheckpointException.class, call);
            assertEquals(f + ": is " + kind + ", not a regular file; pass an agent checkpoint file", e.getMessage());
        });
    }

    private static void refusedEverywhere(Path f, String kind) {
        refused(f, kind, () -> Agents.loadPolicy(f, -1));
        refused(f, kind, () -> ActorCriticPolicy.load(f, 6));
        refused(f, kind, () -> ActorCriticWeights.read(f));
        refused(f, kind, () -> Agents.sha256(f));
        refused(f, kind, () -> TorchCheckpoint.read(f));
        refused(f, kind, () -> Dl4jModelZip.read(f));
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Dl4jModelZip.sniff(f)));
    }

    @Test
    void fifoIsRefusedPromptly() throws Exception {
        refusedEverywhere(fifo(tmp), "a fifo");
    }

    @Test
    void directoryIsRefused() throws Exception {
        refusedEverywhere(Files.createDirectory(tmp.resolve("agent.tar")), "a directory");
    }

    @Test
    void missingFileKeepsItsErrors() {
        Path f = tmp.resolve("missing.tar");
        assertEquals(f.toString(), assertThrows(NoSuchFileException.class, () -> Agents.sha256(f)).getFile());
        assertEquals(f + ": file not found; check the path",
                assertThrows(CheckpointException.class, () -> Agents.loadPolicy(f, -1)).getMessage());
    }
}
