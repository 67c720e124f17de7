package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code study build --dry-run} checks the agents exactly as the build does, without recording. */
class StudyCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private Path study(String controlFile) throws Exception {
        Path root = TestRoms.projectRoot();
        String yaml = Files.readString(root.resolve("examples/study-paper.yaml")).replace("../models/", root.resolve("models") + "/")
                .replace(root.resolve("models/pong-control.pt").toString(), controlFile);
        return Files.writeString(tmp.resolve("s.yaml"), yaml);
    }

    @Test
    void dryRunRefusesTheAgentsTheBuildRefuses() throws Exception {
        Path out = tmp.resolve("built");
        CliTest.Run ok = CliTest.run("study", "build", study(TestRoms.projectRoot().resolve("models/pong-control.pt").toString()).toString(),
                "--out", out.toString(), "--dry-run");
        assertEquals(ExitCodes.OK, ok.code(), ok.err());
        assertTrue(ok.out().contains("2 arm(s)"), ok.out());

        CliTest.Run wrongGame = CliTest.run("study", "build", study(TestAssets.agent("breakout-v4", 80).toString()).toString(),
                "--out", out.toString(), "--dry-run");
        assertEquals(ExitCodes.MISSING_OR_MISMATCH, wrongGame.code(), wrongGame.out() + wrongGame.err());
        assertTrue(wrongGame.err().strip().startsWith("error: ") && wrongGame.err().contains("has 4 actions but the game has 6"), wrongGame.err());
        assertEquals(1, wrongGame.err().strip().lines().count(), wrongGame.err());

        Path notAgent = Files.writeString(tmp.resolve("notes.pt"), "not a checkpoint\n");
        CliTest.Run notCheckpoint = CliTest.run("study", "build", study(notAgent.toString()).toString(), "--out", out.toString(), "--dry-run");
        assertEquals(ExitCodes.MISSING_OR_MISMATCH, notCheckpoint.code(), notCheckpoint.out() + notCheckpoint.err());
        assertTrue(notCheckpoint.err().contains("notes.pt"), notCheckpoint.err());
        assertFalse(Files.exists(out), "a dry run records nothing");
    }

    @Test
    void previewOfAFolderThatIsNoStudyIsOneLineAndWritesNothing() throws Exception {
        Path out = tmp.resolve("preview");
        CliTest.Run r = CliTest.run("study", "preview", tmp.toString(), "--out", out.toString());
        boolean browser = org.atarisaliency.study.server.HeadlessChromium.available();
        assertEquals(browser ? ExitCodes.BAD_INPUT : 1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(browser ? "is not a built study folder (no study.json)" : "apt-get install chromium chromium-driver"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anExistingFolderIsRefusedInOneLineNamingTheFlags() throws Exception {
        Path study = study(TestRoms.projectRoot().resolve("models/pong-control.pt").toString());
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("notes.txt"), "mine\n");
        CliTest.Run exists = CliTest.run("study", "build", study.toString(), "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, exists.code(), exists.out() + exists.err());
        assertEquals("error: " + out.toAbsolutePath().normalize() + " already exists; choose another --out or add --force to replace it",
                exists.err().strip(), "one line naming the flags");
        CliTest.Run forced = CliTest.run("study", "build", study.toString(), "--out", out.toString(), "--force");
        assertEquals(ExitCodes.BAD_INPUT, forced.code(), forced.out() + forced.err());
        assertEquals("error: " + out.toAbsolutePath().normalize() + " was not written by study build (no checksums.sha256); refusing to replace it"
                + " (choose another --out)", forced.err().strip(), "one line naming the flag");
        assertEquals("mine\n", Files.readString(out.resolve("notes.txt")));
    }
}
