package org.atarisaliency.agents.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the zip format (PyTorch &gt;= 1.6): {@code <prefix>/data.pkl} holds the pickle,
 * {@code <prefix>/data/<key>} the raw storages and {@code <prefix>/byteorder} (optional) their byte
 * order. Entries are read with hard size limits, so a damaged or hostile archive cannot
 * exhaust memory.
 */
final class ZipCheckpointReader {
    static final int MAX_PICKLE_BYTES = 256 << 20;
    /** Deflated storages may expand at most this much relative to the file size. */
    static final long MAX_INFLATE_RATIO = ZipEntries.MAX_INFLATE_RATIO;

    private final String file;
    private final ZipFile zip;
    private final String prefix;
    private final long fileSize;
    private final long inflateBudgetStart;
    private long inflateBudget;

    private ZipCheckpointReader(String file, ZipFile zip, String prefix, long fileSize) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.fileSize = fileSize;
        this.inflateBudgetStart = MAX_INFLATE_RATIO * fileSize + (1 << 20);
        this.inflateBudget = inflateBudgetStart;
    }

    static StateDict read(String file, Path path) throws CheckpointException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            String prefix = findPrefix(file, zip);
            return new ZipCheckpointReader(file, zip, prefix, Files.size(path)).read();
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(file + ": damaged zip archive (" + e.getMessage() + "); "
                    + PickleMachine.CORRUPT_HINT, e);
        }
    }

    private StateDict read() throws IOException {
        ZipEntry order = zip.getEntry(prefix + "byteorder");
        ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
        if (order != null) {
            String text = new String(readEntry(order, 16, false), StandardCharsets.US_ASCII).trim();
            if (text.equals("big")) {
                byteOrder = ByteOrder.BIG_ENDIAN;
            } else if (!text.equals("little")) {
                throw corrupt("unknown byte order '" + PyValues.printable(text) + "' in " + prefix + "byteorder");
            }
        }
        String pklName = prefix + "data.pkl";
        byte[] pickle = readEntry(zip.getEntry(pklName), MAX_PICKLE_BYTES, false);
        StorageRegistry registry = new StorageRegistry(false);
        PickleMachine.Result root =
                PickleMachine.run(file, pklName, pickle, 0, pickle.length, new TorchHooks(registry));
        final ByteOrder bo = byteOrder;
        Materializer m = new Materializer(file, s -> {
            String name = prefix + "data/" + s.key;
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                throw corrupt("storage entry " + PyValues.printable(name) + " is missing");
            }
            if (s.byteSize() > Materializer.MAX_ARRAY) {
                throw corrupt("storage " + PyValues.printable(name) + " claims " + s.byteSize()
                        + " bytes, more than this reader supports (2 GiB per storage)");
            }
            try {
                byte[] b = readEntry(e, (int) s.byteSize(), true);
                return Materializer.wrap(b, 0, b.length, bo);
            } catch (CheckpointException ex) {
                throw ex;
            } catch (IOException ex) {
                throw new CheckpointException(file + ": cannot read " + PyValues.printable(name) + " ("
                        + ex.getMessage() + "); " + PickleMachine.CORRUPT_HINT, ex);
            }
        });
        return new StateDict(file, m.materializeAll(StateDictFinder.find(file, root.value())));
    }

    /** Reads an entry of at most {@code limit} bytes (exactly {@code limit} when {@code exact}). */
    private byte[] readEntry(ZipEntry e, int wanted, boolean exact) throws IOException {
        // an exact entry (a storage) holds what its tensors need; any other may not expand beyond its compressed size allows
        int limit = exact ? wanted : (int) ZipEntries.bound(e, wanted);
        long declared = e.getSize();
        if (declared > limit || (exact && declared >= 0 && declared != limit)) {
            throw corrupt(e.getName() + " has " + declared + " bytes, expected "
                    + (exact ? "" : "at most ") + limit);
        }
        if (e.getMethod() != ZipEntry.STORED) {
            long expect = declared >= 0 ? declared : limit;
            if (expect > inflateBudget) {
                throw corrupt("compressed entries expand to more than " + inflateBudgetStart + " bytes");
            }
            inflateBudget -= expect;
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b;
            if (exact && e.getMethod() == ZipEntry.STORED && e.getCompressedSize() == limit && limit <= fileSize) {
                b = new byte[limit]; // a stored entry's bytes lie in the file, so this is bounded by its size
                b = java.util.Arrays.copyOf(b, in.readNBytes(b, 0, limit));
            } else {
                b = in.readNBytes(limit); // grows with the bytes actually read
            }
            if ((exact && b.length != limit) || in.read() != -1) {
                throw corrupt(e.getName() + " has " + (b.length < limit ? b.length : "more than " + limit)
                        + " bytes, expected " + (exact ? "" : "at most ") + limit);
            }
            return b;
        }
    }

    /** The folder holding data.pkl, with a trailing slash. */
    private static String findPrefix(String file, ZipFile zip) throws CheckpointException {
        List<String> found = new ArrayList<>();
        boolean torchScript = false;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
                found.add(name.substring(0, slash + 1));
            }
            torchScript |= slash > 0 && (name.startsWith("code/", slash + 1) || name.endsWith("/constants.pkl"));
        }
        if (torchScript) {
            throw new CheckpointException(file + ": this is a TorchScript archive (torch.jit.save), not a state_dict;"
                    + " save the weights with torch.save(model.state_dict(), path)");
        }
        if (found.size() != 1) {
            throw new CheckpointException(file + ": zip archive " + (found.isEmpty() ? "without a <folder>/data.pkl"
                    : "with " + found.size() + " data.pkl entries") + ", so not a PyTorch checkpoint;"
                    + " expected a file written by torch.save");
        }
        return found.get(0);
    }

    private CheckpointException corrupt(String problem) {
        return new CheckpointException(file + ": " + problem + "; " + PickleMachine.CORRUPT_HINT);
    }
}
