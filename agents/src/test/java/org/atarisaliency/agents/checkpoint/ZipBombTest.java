package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.atarisaliency.agents.sb3.Sb3Zip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zip bombs in agent files are refused once they expand beyond what their compressed bytes allow,
 * whether the zip directory declares the true size or lies, and leave no temporary files.
 */
class ZipBombTest {
    private static final int ZEROS = 8 << 20;

    @TempDir
    Path tmp;

    @Test
    void anSb3PolicyThatInflatesFarBeyondItsSizeIsRefused() throws Exception {
        for (boolean lie : new boolean[] {false, true}) {
            Path zip = tmp.resolve("bomb-" + lie + ".zip");
            Files.write(zip, zip(lie, "data", "{}".getBytes(), "policy.pth", new byte[ZEROS]));
            List<String> before = sb3Temporaries();
            CheckpointException e = assertThrows(CheckpointException.class, () -> Sb3Zip.load(zip));
            assertTrue(e.getMessage().contains("entry 'policy.pth' " + (lie ? "expands to more than" : "declares " + ZEROS + " bytes")),
                    e.getMessage());
            assertEquals(before, sb3Temporaries(), "no temporary left");
        }
    }

    @Test
    void aTorchPickleThatInflatesFarBeyondItsSizeIsRefused() throws Exception {
        Path zip = tmp.resolve("bomb.pt");
        byte[] pickle = new byte[ZEROS];
        pickle[0] = (byte) 0x80;
        Files.write(zip, zip(true, "archive/data.pkl", pickle));
        CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(zip));
        // refused once it passes what its compressed bytes allow (about 1.5 MB here), long before the 256 MiB pickle limit
        assertTrue(e.getMessage().contains("archive/data.pkl has more than " + ZipEntries.bound(new ZipEntry("x") {
            { setCompressedSize(Files.size(zip) - 200); setMethod(DEFLATED); }
        }, Integer.MAX_VALUE) / 100_000), e.getMessage());
    }

    private static List<String> sb3Temporaries() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sb3-policy")).sorted().toList();
        }
    }

    /** A zip of (name, bytes) pairs, deflated; with {@code lie} the last entry's sizes are declared as 1000 bytes. */
    private static byte[] zip(boolean lie, Object... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) entries[i]));
                z.write((byte[]) entries[i + 1]);
                z.closeEntry();
            }
        }
        byte[] b = bytes.toByteArray();
        if (lie) {
            String last = (String) entries[entries.length - 2];
            for (int i = 0; i + 46 < b.length; i++) {
                if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2
                        && new String(b, i + 46, last.length(), java.nio.charset.StandardCharsets.UTF_8).equals(last)) {
                    java.nio.ByteBuffer.wrap(b, i + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1000);
                }
            }
        }
        return b;
    }
}
