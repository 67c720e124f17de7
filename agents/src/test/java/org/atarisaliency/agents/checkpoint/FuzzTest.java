package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing: every damaged file must either load or fail with a CheckpointException,
 * never with another Throwable (OutOfMemoryError, NegativeArraySizeException, ...), and quickly.
 */
class FuzzTest {
    private static final long[] HUGE_COUNTS = {1L << 40, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, 1L << 62};
    private static final int[] HUGE_INTS = {0x7fffffff, 0xffffffff, 0x80000000, 1 << 30, 0x00ffffff};

    @TempDir
    Path tmp;

    /** Outcome counters, so that a fuzz run that only ever fails (or only succeeds) is noticed. */
    private int loaded;
    private int rejected;

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void mutatedRealLegacyFile() throws Exception {
        byte[] original = Files.readAllBytes(TestSupport.babyA3c("pong-v4", 80));
        int pickleEnd = 2182; // start of the storage table (see the format doc)
        List<Integer> headers = new ArrayList<>();
        for (long p = pickleEnd; p < original.length; ) {
            headers.add((int) p);
            p += 8 + 4 * ByteBuffer.wrap(original, (int) p, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
        assertTrue(headers.size() == 16, "unexpected layout: " + headers.size() + " storages");
        Random rnd = new Random(0x5eed_2024L);
        for (int i = 0; i < 600; i++) {
            byte[] m = mutate(original, pickleEnd, headers, rnd);
            String name = "pong-fuzz-" + i;
            check(name, () -> TorchCheckpoint.readLegacy(name, m));
        }
        assertTrue(loaded > 20 && rejected > 300, "loaded " + loaded + ", rejected " + rejected);
    }

    /** All dtypes, strides, views: mutated anywhere. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void mutatedSyntheticLegacyAndZipFiles() throws Exception {
        TestSupport.python("synthetic", tmp.toString());
        Random rnd = new Random(42);
        byte[] legacy = Files.readAllBytes(tmp.resolve("legacy.pt"));
        for (int i = 0; i < 400; i++) {
            byte[] m = mutateAnywhere(legacy, rnd);
            String name = "legacy-fuzz-" + i;
            check(name, () -> TorchCheckpoint.readLegacy(name, m));
        }
        for (String zip : List.of("zip_p2.pt", "zip_p4_big.pt")) {
            byte[] original = Files.readAllBytes(tmp.resolve(zip));
            for (int i = 0; i < 200; i++) {
                Path f = tmp.resolve("fuzz-" + i + "-" + zip);
                Files.write(f, mutateAnywhere(original, rnd));
                check(f.toString(), () -> TorchCheckpoint.read(f));
                Files.delete(f);
            }
        }
        assertTrue(loaded > 20 && rejected > 300, "loaded " + loaded + ", rejected " + rejected);
    }

    private interface Read {
        StateDict run() throws CheckpointException;
    }

    private void check(String name, Read read) {
        try {
            read.run();
            loaded++;
        } catch (CheckpointException e) {
            rejected++;
            TestSupport.assertGoodMessage(e, name);
            // every rejection must be a deliberate check, not a wrapped internal RuntimeException
            if (e.getCause() instanceof RuntimeException r) {
                StringWriter sw = new StringWriter();
                r.printStackTrace(new PrintWriter(sw));
                fail(name + ": internal error slipped through the checks: " + sw);
            }
        } catch (Throwable t) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            fail(name + ": expected success or CheckpointException, got " + sw);
        }
    }

    private static byte[] mutate(byte[] original, int pickleEnd, List<Integer> headers, Random rnd) {
        int kind = rnd.nextInt(9);
        byte[] m = kind == 2 || kind == 3 || kind == 7 ? original : original.clone();
        switch (kind) {
            case 0 -> { // byte flips in the pickles
                for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
                    m[rnd.nextInt(pickleEnd)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> m[rnd.nextInt(pickleEnd)] = (byte) rnd.nextInt(256); // random opcode or operand
            case 2 -> m = Arrays.copyOf(original, rnd.nextInt(pickleEnd + 200)); // truncated in the pickles
            case 3 -> m = Arrays.copyOf(original, rnd.nextInt(original.length)); // truncated anywhere
            case 4 -> putInt(m, rnd.nextInt(pickleEnd - 4), HUGE_INTS[rnd.nextInt(HUGE_INTS.length)]);
            case 5 -> { // absurd storage element count
                int h = headers.get(rnd.nextInt(headers.size()));
                long v = rnd.nextInt(3) == 0 ? rnd.nextLong() : HUGE_COUNTS[rnd.nextInt(HUGE_COUNTS.length)];
                ByteBuffer.wrap(m, h, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
            }
            case 6 -> { // flips in the storage data: should still load
                for (int n = 0; n < 20; n++) {
                    m[pickleEnd + rnd.nextInt(original.length - pickleEnd)] ^= (byte) rnd.nextInt(256);
                }
            }
            case 7 -> { // one byte inserted into or deleted from the pickles
                int at = rnd.nextInt(pickleEnd);
                boolean insert = rnd.nextBoolean();
                m = new byte[original.length + (insert ? 1 : -1)];
                System.arraycopy(original, 0, m, 0, at);
                if (insert) {
                    m[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(original, at, m, at + 1, original.length - at);
                } else {
                    System.arraycopy(original, at + 1, m, at, original.length - at - 1);
                }
            }
            default -> { // huge BINUNICODE / BININT operand
                List<Integer> ops = new ArrayList<>();
                for (int i = 0; i < pickleEnd - 5; i++) {
                    if (m[i] == 'X' || m[i] == 'J') {
                        ops.add(i);
                    }
                }
                putInt(m, ops.get(rnd.nextInt(ops.size())) + 1, HUGE_INTS[rnd.nextInt(HUGE_INTS.length)]);
            }
        }
        return m;
    }

    private static byte[] mutateAnywhere(byte[] original, Random rnd) {
        int kind = rnd.nextInt(4);
        if (kind == 0) {
            return Arrays.copyOf(original, rnd.nextInt(original.length));
        }
        byte[] m = original.clone();
        if (kind == 1) {
            putInt(m, rnd.nextInt(original.length - 4), HUGE_INTS[rnd.nextInt(HUGE_INTS.length)]);
        } else {
            for (int n = 1 + rnd.nextInt(kind == 2 ? 2 : 8); n > 0; n--) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
        }
        return m;
    }

    private static void putInt(byte[] m, int at, int v) {
        ByteBuffer.wrap(m, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(v);
    }
}
