package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /admin token never travels on the command line, and a weak one is refused before anything is served. */
class StudyServeTokenTest {
    @TempDir
    Path dir;

    @Test
    void aTokenOnTheCommandLineIsRefusedWithTheWayToPassIt() {
        String secret = "S3cret-token-0123456789-abcdefghijklmnop";
        CliTest.Run r = CliTest.run("study", "serve", dir.toString(), "--admin-token", secret);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--admin-token-file") && r.err().contains("ATARI_STUDY_ADMIN_TOKEN"), r.err());
        assertFalse(r.err().contains(secret), "the refusal does not echo the secret");
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aWeakTokenFromAFileIsRefusedAndAMissingFileIsNamed() throws Exception {
        Path weak = Files.writeString(dir.resolve("token.txt"), "0123456789abcdef\n");
        CliTest.Run r = CliTest.run("study", "serve", dir.toString(), "--admin-token-file", weak.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("the admin token has 16 characters; it needs at least 32"), r.err());
        CliTest.Run missing = CliTest.run("study", "serve", dir.toString(), "--admin-token-file", dir.resolve("nope.txt").toString());
        assertEquals(3, missing.code(), missing.err());
        assertTrue(missing.err().contains("nope.txt"), missing.err());
    }
}
