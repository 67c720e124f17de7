package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not checkpoints get a helpful one-line CheckpointException. */
class NotACheckpointTest {

    @TempDir
    Path tmp;

    private String message(Path f) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f));
        TestSupport.assertGoodMessage(e, f.toString());
        return e.getMessage();
    }

    private String message(String name, byte[] content) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, content);
        return message(f);
    }

    private Path zip(String name, String... entries) throws IOException {
        Path f = tmp.resolve(name);
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            for (String e : entries) {
                z.putNextEntry(new ZipEntry(e));
                z.write(e.endsWith(".pkl") ? PickleBytes.proto2().op('}').stop().bytes() : new byte[] {'x'});
                z.closeEntry();
            }
        }
        return f;
    }

    @Test
    void emptyFile() throws Exception {
        assertEquals(tmp.resolve("empty.pt") + ": file is empty; expected a checkpoint written by torch.save",
                message("empty.pt", new byte[0]));
    }

    @Test
    void elfBinary() throws Exception {
        Path f = tmp.resolve("x.tar");
        Files.write(f, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        assertEquals(f + ": not a PyTorch checkpoint (starts with bytes 7f 45 4c 46 '.ELF'); expected a file"
                + " written by torch.save", message(f));
    }

    @Test
    void textFile() throws Exception {
        String m = message("notes.txt", "hello world\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(m.contains("not a PyTorch checkpoint") && m.contains("68 65 6c 6c 'hell'"), m);
    }

    @Test
    void plainPickleWithoutMagic() throws Exception {
        String m = message("list.pkl", PickleBytes.proto2().op(']').stop().bytes());
        assertTrue(m.contains("without the torch.save magic number"), m);
    }

    @Test
    void zipWithoutDataPkl() throws Exception {
        String m = message(zip("other.zip", "readme.txt", "folder/weights.bin"));
        assertTrue(m.contains("without a <folder>/data.pkl") && m.contains("torch.save"), m);
    }

    @Test
    void torchScriptArchive() throws Exception {
        String m = message(zip("scripted.pt", "archive/data.pkl", "archive/code/__torch__.py",
                "archive/constants.pkl"));
        assertTrue(m.contains("TorchScript") && m.contains("state_dict()"), m);
    }

    @Test
    void zipWithoutTensors() throws Exception {
        String m = message(zip("empty-dict.pt", "archive/data.pkl", "archive/version"));
        assertTrue(m.contains("no tensors found; expected a PyTorch state_dict"), m);
    }

    @Test
    void legacyWithoutTensors() throws Exception {
        byte[] dict = PickleBytes.proto2().op('}').str("epoch").integer(3).op('s').stop().bytes();
        String m = message("epoch.pt", PickleBytes.legacyFile(dict, new String[0], new float[0][]));
        assertTrue(m.contains("no tensors found; expected a PyTorch state_dict") && m.contains("'epoch'"), m);
    }

    @Test
    void truncatedZip() throws Exception {
        byte[] whole = Files.readAllBytes(zip("whole.pt", "archive/data.pkl", "archive/version"));
        String m = message("cut.pt", java.util.Arrays.copyOf(whole, whole.length / 2));
        assertTrue(m.contains("damaged zip archive"), m);
    }

    @Test
    void oldTarFormat() throws Exception {
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        tar[0] = 's';
        assertTrue(message("old.tar", tar).contains("PyTorch < 0.4"));
    }

    @Test
    void missingFileAndDirectory() {
        assertTrue(message(tmp.resolve("nope.pt")).contains("file not found"));
        assertTrue(message(tmp).contains("is a directory"));
    }
}
