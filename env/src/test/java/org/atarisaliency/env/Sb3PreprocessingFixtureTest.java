package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bit-exactness of {@link Sb3Preprocessing} against OpenCV itself (SB3's WarpFrame:
 * cvtColor RGB2GRAY, resize INTER_AREA to 84x84), on real ALE frames and synthetic worst cases
 * made at test time by env/src/test/python/make_sb3_fixtures.py (into env/target/).
 */
class Sb3PreprocessingFixtureTest {

    private static final int H = AtariEnv.HEIGHT, W = AtariEnv.WIDTH;
    private static Path dir;

    @BeforeAll
    static void generate() throws IOException {
        Path root = PythonFixtures.projectRoot();
        dir = root.resolve("env/target/sb3-fixtures");
        Files.createDirectories(dir);
        PythonFixtures.run(List.of(".deps/python", ".deps/sb3py"), PythonFixtures.SB3_SETUP,
                root.resolve("env/src/test/python/make_sb3_fixtures.py"), dir.toString());
    }

    @Test
    void greyOfEveryColourMatchesOpenCv() throws IOException {
        Npy.Array want = Npy.read(dir.resolve("grey_all.npy"));
        assertArrayEquals(new int[] {4096, 4096}, want.shape());
        byte[] w = want.bytes();
        int diffs = 0, first = -1;
        for (int i = 0; i < (1 << 24); i++) {
            int g = Sb3Preprocessing.grey(i >>> 16, (i >>> 8) & 255, i & 255);
            if ((byte) g != w[i]) {
                diffs++;
                first = first < 0 ? i : first;
            }
        }
        assertEquals(0, diffs, "colours whose grey differs from cv2, first " + Integer.toHexString(first));
    }

    @Test
    void framesMatchOpenCvBitForBit() throws IOException {
        Npy.Array frames = Npy.read(dir.resolve("frames.npy"));
        Npy.Array grey = Npy.read(dir.resolve("grey.npy"));
        Npy.Array obs = Npy.read(dir.resolve("obs.npy"));
        int n = frames.shape()[0];
        assertArrayEquals(new int[] {n, H, W, 3}, frames.shape());
        assertArrayEquals(new int[] {n, H, W}, grey.shape());
        assertArrayEquals(new int[] {n, 84, 84}, obs.shape());
        assertTrue(n >= 200 + 13, "expected 300 real + 13 synthetic frames, got " + n);

        float[] batch = new float[n * Sb3Preprocessing.OUT_SIZE + 5];
        Arrays.fill(batch, Float.NaN);
        int bad = 0, maxDiff = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < n; i++) {
            byte[] rgb = Arrays.copyOfRange(frames.bytes(), i * AtariEnv.FRAME_BYTES, (i + 1) * AtariEnv.FRAME_BYTES);
            byte[] wantGrey = Arrays.copyOfRange(grey.bytes(), i * H * W, (i + 1) * H * W);
            byte[] wantObs = Arrays.copyOfRange(obs.bytes(), i * 7056, (i + 1) * 7056);
            int d1 = diff(wantGrey, Sb3Preprocessing.greyFrame(rgb));
            byte[] got = Sb3Preprocessing.preprocessToBytes(rgb);
            int d2 = diff(wantObs, got);
            FramePreprocessor.SB3.apply(rgb, batch, 5 + i * Sb3Preprocessing.OUT_SIZE);
            float[] f = Sb3Preprocessing.preprocess(rgb);
            int d3 = 0;
            for (int j = 0; j < 7056; j++) {
                maxDiff = Math.max(maxDiff, Math.abs((wantObs[j] & 0xff) - (got[j] & 0xff)));
                float want = (float) (wantObs[j] & 0xff) / 255f; // torch: obs.float() / 255.0
                if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(f[j])
                        || Float.floatToRawIntBits(want) != Float.floatToRawIntBits(batch[5 + i * 7056 + j])) {
                    d3++;
                }
            }
            if (d1 + d2 + d3 > 0) {
                bad++;
                report.append(String.format("frame %d: grey %d, obs %d, float %d pixels differ; ", i, d1, d2, d3));
            }
        }
        for (int j = 0; j < 5; j++) {
            assertTrue(Float.isNaN(batch[j]), "wrote before offset");
        }
        assertEquals(0, bad, report + " max |diff| " + maxDiff);
        assertEquals(0, maxDiff);
        System.out.println("Sb3PreprocessingFixtureTest: " + n + " frames, 0 differences from OpenCV");
    }

    @Test
    void generalAreaResizeMatchesOpenCv() throws IOException {
        Npy.Array cases = Npy.read(dir.resolve("resize_cases.npy"));
        int[] c = cases.ints();
        int k = cases.shape()[0];
        assertTrue(k >= 20);
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < k; i++) {
            int w = c[4 * i], h = c[4 * i + 1], nw = c[4 * i + 2], nh = c[4 * i + 3];
            Npy.Array in = Npy.read(dir.resolve("resize_" + i + "_in.npy"));
            Npy.Array want = Npy.read(dir.resolve("resize_" + i + "_out.npy"));
            assertArrayEquals(new int[] {h, w}, in.shape());
            int d = diff(want.bytes(), Sb3Preprocessing.resizeArea(in.bytes(), w, h, nw, nh));
            if (d != 0) {
                report.append(String.format("%dx%d -> %dx%d: %d of %d differ; ", w, h, nw, nh, d, nw * nh));
            }
        }
        assertEquals("", report.toString());
    }

    @Test
    void refusesWhatItDoesNotReproduce() {
        assertThrows(IllegalArgumentException.class, () -> Sb3Preprocessing.resizeArea(new byte[160 * 160], 160, 160, 80, 80));
        assertThrows(IllegalArgumentException.class, () -> Sb3Preprocessing.resizeArea(new byte[100], 10, 10, 20, 5));
        assertEquals(1, FramePreprocessor.SB3.channels());
        assertEquals(84, FramePreprocessor.SB3.size());
        assertEquals(7056, FramePreprocessor.SB3.length());
    }

    private static int diff(byte[] want, byte[] got) {
        assertEquals(want.length, got.length);
        int d = 0;
        for (int i = 0; i < want.length; i++) {
            if (want[i] != got[i]) {
                d++;
            }
        }
        return d;
    }
}
