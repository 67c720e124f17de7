package org.atarisaliency.agents.rl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.atarisaliency.env.Preprocessing;
import org.junit.jupiter.api.Test;

/**
 * {@link Rl4jPreprocessor} against OpenCV. The expected digests were computed with
 * opencv-python(-headless) 4.14 on x86-64 (AVX2) from the same synthetic frames:
 * <pre>
 * g = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
 * out = cv2.resize(g, (rescaledWidth, rescaledHeight))[offY:offY+h, offX:offX+w]   # INTER_LINEAR
 * sha256(b''.join(out.tobytes() for each frame))
 * </pre>
 * with frames {@code noise(1)}, {@code pattern()}, {@code noise(20240611)} as generated below (the
 * same 64-bit LCG in Python). Noise is the hardest case for the fixed-point rounding.
 */
class Rl4jPreprocessorTest {

    /** 210x160x3 bytes from a 64-bit LCG, top byte of each state. */
    static byte[] noise(long seed) {
        byte[] b = new byte[Preprocessing.FRAME_BYTES];
        long s = seed;
        for (int i = 0; i < b.length; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            b[i] = (byte) (s >>> 56);
        }
        return b;
    }

    /** r = (3x + 5y) & 255, g = (x y) & 255, b = (255 - x - y) & 255. */
    static byte[] pattern() {
        byte[] b = new byte[Preprocessing.FRAME_BYTES];
        for (int y = 0; y < 210; y++) {
            for (int x = 0; x < 160; x++) {
                int p = (y * 160 + x) * 3;
                b[p] = (byte) ((x * 3 + y * 5) & 255);
                b[p + 1] = (byte) ((x * y) & 255);
                b[p + 2] = (byte) ((255 - x - y) & 255);
            }
        }
        return b;
    }

    private static void assertOpenCv(HistoryConfig c, String sha256, long sum) throws Exception {
        Rl4jPreprocessor p = new Rl4jPreprocessor(c);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : new byte[][] {noise(1), pattern(), noise(20240611)}) {
            all.write(p.applyToBytes(frame));
        }
        byte[] out = all.toByteArray();
        long s = 0;
        for (byte v : out) {
            s += v & 0xff;
        }
        assertEquals(sum, s, "sum of the uint8 outputs for " + c.describe());
        assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out)),
                "OpenCV digest for " + c.describe());
    }

    @Test
    void aleExamplesConfigMatchesOpenCv() throws Exception {
        assertOpenCv(HistoryConfig.ALE_EXAMPLES, "4cddc31638d3878e49e84dc0205b77e4e35c5dab8c280b085fe2e085543c742a", 2670307);
    }

    @Test
    void rescaleOnlyMatchesOpenCv() throws Exception {
        assertOpenCv(HistoryConfig.rescaleOnly(84), "f541f908ff2504d5411329a80159496fa2c6611b62a16fec603466282356e764", 2678125);
        assertOpenCv(HistoryConfig.rescaleOnly(42), "ff41c9fcb35b83b62913062742f988bf6fc78ca6b826cc403a8788185cda3dee", 668183);
    }

    @Test
    void offsetCropAndUpscaleMatchOpenCv() throws Exception {
        assertOpenCv(new HistoryConfig(100, 120, 64, 64, 10, 30, 4),
                "2e6d1cd6ca22a57844c6feb2bd21a22c3097eb62cb83f072f376a9121ead3429", 1545697);
        // upscaling: top-left and bottom-right corners exercise OpenCV's edge clamping
        assertOpenCv(new HistoryConfig(200, 260, 128, 128, 0, 0, 4),
                "8407148ae6273a3fae94faaae7d931f28e51dd7d3e25e379c009752373c0d5b9", 6277173);
        assertOpenCv(new HistoryConfig(200, 260, 128, 128, 72, 132, 4),
                "76b829bc3f94df56b9a5c91ba6802e581109f5e8806116eec3c34afe2b23ebb5", 6253365);
    }

    @Test
    void floatsAreTheBytesTimesRl4jScale() {
        Rl4jPreprocessor p = new Rl4jPreprocessor(HistoryConfig.ALE_EXAMPLES);
        assertEquals(1, p.channels());
        assertEquals(84, p.size());
        byte[] frame = noise(7);
        byte[] u8 = p.applyToBytes(frame);
        float[] out = new float[3 + 84 * 84];
        Arrays.fill(out, -1f);
        p.apply(frame, out, 3);
        assertEquals(-1f, out[2]);
        for (int i = 0; i < u8.length; i++) {
            assertEquals((u8[i] & 0xff) * (float) (1.0 / 255.0), out[3 + i], 0f);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> p.apply(frame, new float[84 * 84], 1));
        assertThrows(IllegalArgumentException.class, () -> p.apply(new byte[10], out, 0));
        assertTrue(p.describe().startsWith("rl4j: "));
    }

    @Test
    void constantFrameStaysConstant() {
        byte[] frame = new byte[Preprocessing.FRAME_BYTES];
        for (int i = 0; i < frame.length; i += 3) {
            frame[i] = (byte) 200;
            frame[i + 1] = 100;
            frame[i + 2] = 50;
        }
        int grey = (200 * 9798 + 100 * 19235 + 50 * 3735 + (1 << 14)) >> 15;
        for (byte v : new Rl4jPreprocessor(HistoryConfig.ALE_EXAMPLES).applyToBytes(frame)) {
            assertEquals(grey, v & 0xff);
        }
    }

    @Test
    void configurationsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new HistoryConfig(84, 110, 84, 84, 1, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new HistoryConfig(84, 110, 84, 84, 0, 27, 4));
        assertThrows(IllegalArgumentException.class, () -> new Rl4jPreprocessor(new HistoryConfig(84, 110, 84, 80, 0, 0, 4)));
        assertEquals(HistoryConfig.ALE_EXAMPLES, HistoryConfig.forInputSize(84));
        assertEquals(HistoryConfig.rescaleOnly(64), HistoryConfig.forInputSize(64));
    }
}
