package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What study serve accepts as a study folder: real files inside it, byte for byte as checksums.sha256 lists them. */
class StudyFolderTest {
    private static final String VIDEO = "videos/overfit.saliency.mp4";
    @TempDir
    Path dir;

    private Path study() throws IOException {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        return study;
    }

    private IOException refused(Path study) {
        IOException e = assertThrows(IOException.class, () -> StudyServer.start(study, dir.resolve("s.db"), "127.0.0.1", 0, null).close());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void aVideoThatIsASymbolicLinkIsNotServed() throws Exception {
        Path study = study();
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "outside the study folder");
        Files.delete(study.resolve(VIDEO));
        Files.createSymbolicLink(study.resolve(VIDEO), secret);
        StudyFixture.writeChecksums(study);
        assertTrue(refused(study).getMessage().contains("'" + VIDEO + "' is a symbolic link"));
    }

    @Test
    void aVideosFolderThatIsASymbolicLinkIsNotServed() throws Exception {
        Path study = study();
        Path elsewhere = dir.resolve("elsewhere");
        Files.move(study.resolve("videos"), elsewhere);
        Files.createSymbolicLink(study.resolve("videos"), elsewhere);
        assertTrue(refused(study).getMessage().contains("is a symbolic link"));
    }

    @Test
    void aVideoThatDiffersFromItsChecksumIsNamed() throws Exception {
        Path study = study();
        byte[] bytes = Files.readAllBytes(study.resolve(VIDEO));
        bytes[bytes.length - 1] ^= 1;
        Files.write(study.resolve(VIDEO), bytes);
        IOException e = refused(study);
        assertTrue(e.getMessage().contains(VIDEO) && e.getMessage().contains("differs from its sha256"), e.getMessage());
    }

    @Test
    void aVideoMissingFromTheChecksumsIsRefused() throws Exception {
        Path study = study();
        Path sums = study.resolve("checksums.sha256");
        Files.writeString(sums, Files.readString(sums).replaceAll("(?m)^.*" + VIDEO + "\n", ""));
        assertTrue(refused(study).getMessage().contains(VIDEO + " is not listed in"));
    }
}
