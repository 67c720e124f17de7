package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputFiles#moveIntoPlace}: the one rename of a complete temporary onto its output. */
class OutputFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aTemporaryReplacesItsTargetAndIsGone() throws IOException {
        Path target = Files.writeString(tmp.resolve("out.txt"), "old");
        Path temp = OutputFiles.tempBeside(target);
        Files.writeString(temp, "new");
        OutputFiles.moveIntoPlace(temp, target);
        assertEquals("new", Files.readString(target));
        assertFalse(Files.exists(temp));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "nothing but the output is left");
        }
    }

    @Test
    void aMissingTemporaryLeavesTheTargetAsItWas() throws IOException {
        Path target = Files.writeString(tmp.resolve("out.txt"), "old");
        assertThrows(NoSuchFileException.class, () -> OutputFiles.moveIntoPlace(tmp.resolve(".out.txt.part"), target));
        assertEquals("old", Files.readString(target));
    }
}
