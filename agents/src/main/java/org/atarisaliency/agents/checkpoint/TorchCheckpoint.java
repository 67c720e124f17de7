package org.atarisaliency.agents.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Safe reader for PyTorch state dicts written by {@code torch.save}, in the legacy (&lt; 1.6) and
 * zip (&gt;= 1.6) formats. The pickle is interpreted by a restricted machine that only knows the
 * globals a state dict needs; nothing in the file is ever executed.
 */
public final class TorchCheckpoint {
    /** Legacy files are read into memory whole; larger ones are refused. */
    static final long MAX_LEGACY_BYTES = Integer.MAX_VALUE - 64;
    private static final int HEADER_BYTES = 512;

    private TorchCheckpoint() {
    }

    /**
     * Reads a PyTorch state dict saved by torch.save: legacy (&lt;1.6) or zip (&gt;=1.6) format.
     * If the root object is a dict without tensors of its own, the state dict is looked up under
     * "state_dict", "model_state_dict", "model" or "model_weights" (CleanRL C51). All tensors are converted to float32.
     *
     * @throws CheckpointException with a one-line message naming the file, the problem and a fix
     */
    public static StateDict read(Path file) throws CheckpointException {
        String name = file.toString();
        try {
            AgentFiles.requireRegular(file);
            long size = Files.size(file);
            if (size == 0) {
                throw new CheckpointException(name + ": file is empty; expected a checkpoint written by torch.save");
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(HEADER_BYTES);
            }
            if (isZip(head)) {
                return ZipCheckpointReader.read(name, file);
            }
            checkPickleStart(name, head);
            if (size > MAX_LEGACY_BYTES) {
                throw new CheckpointException(name + ": legacy checkpoint of " + size + " bytes is larger than the"
                        + " 2 GiB this reader supports; re-save it with PyTorch >= 1.6 (zip format)");
            }
            return readLegacy(name, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(name + ": file not found; check the path", e);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(name + ": cannot read file (" + e + "); check the path and permissions", e);
        } catch (RuntimeException e) {
            throw internal(name, e);
        }
    }

    /** Reads a legacy-format checkpoint held in memory ({@code name} is used in messages). */
    static StateDict readLegacy(String name, byte[] data) throws CheckpointException {
        try {
            if (data.length == 0) {
                throw new CheckpointException(name + ": file is empty; expected a checkpoint written by torch.save");
            }
            checkPickleStart(name, data);
            return LegacyCheckpointReader.read(name, data);
        } catch (RuntimeException e) {
            throw internal(name, e);
        }
    }

    private static boolean isZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }

    private static void checkPickleStart(String name, byte[] head) throws CheckpointException {
        if ((head[0] & 0xff) == 0x80) {
            return;
        }
        if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
            throw new CheckpointException(name + ": tar archive; the tar-based format of PyTorch < 0.4 is not"
                    + " supported; load it with an old PyTorch and re-save it with torch.save(model.state_dict(), path)");
        }
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(4, head.length); i++) {
            int b = head[i] & 0xff;
            hex.append(i > 0 ? " " : "").append(String.format(Locale.ROOT, "%02x", b));
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        throw new CheckpointException(name + ": not a PyTorch checkpoint (starts with bytes " + hex + " '" + text
                + "'); expected a file written by torch.save");
    }

    private static CheckpointException internal(String name, RuntimeException e) {
        return new CheckpointException(name + ": cannot parse the checkpoint (" + e.getClass().getSimpleName()
                + ": " + e.getMessage() + "); the file is probably corrupted; re-save it with"
                + " torch.save(model.state_dict(), path)", e);
    }
}
