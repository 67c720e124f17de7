package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bit-exactness of {@link Preprocessing} against numpy + Pillow, on real ALE frames made at
 * test time by env/src/test/python/make_preprocess_fixtures.py (into env/target/).
 */
class PreprocessingFixtureTest {

    private static Path dir;

    @BeforeAll
    static void generate() throws IOException {
        Path root = PythonFixtures.projectRoot();
        dir = root.resolve("env/target/preprocess-fixtures");
        Files.createDirectories(dir);
        PythonFixtures.run(root.resolve("env/src/test/python/make_preprocess_fixtures.py"), dir.toString());
    }

    @Test
    void framesMatchNumpyAndPillowBitForBit() throws IOException {
        Npy.Array frames = Npy.read(dir.resolve("frames.npy"));
        Npy.Array scaled = Npy.read(dir.resolve("expected_scaled.npy"));
        Npy.Array u8 = Npy.read(dir.resolve("expected_u8.npy"));
        Npy.Array f32 = Npy.read(dir.resolve("expected_f32.npy"));
        int n = frames.shape()[0];
        assertArrayEquals(new int[] {n, 210, 160, 3}, frames.shape());
        assertArrayEquals(new int[] {n, 160, 160}, scaled.shape());
        assertArrayEquals(new int[] {n, 80, 80}, u8.shape());
        assertArrayEquals(new int[] {n, 80, 80}, f32.shape());
        assertTrue(n >= 20, "expected ~20+ fixture frames, got " + n);

        float[] batch = new float[n * Preprocessing.OUT_SIZE + 7];
        Arrays.fill(batch, Float.NaN);
        int mismatches = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < n; i++) {
            byte[] rgb = Arrays.copyOfRange(frames.bytes(), i * Preprocessing.FRAME_BYTES,
                    (i + 1) * Preprocessing.FRAME_BYTES);
            byte[] wantScaled = Arrays.copyOfRange(scaled.bytes(), i * 25600, (i + 1) * 25600);
            byte[] wantU8 = Arrays.copyOfRange(u8.bytes(), i * 6400, (i + 1) * 6400);
            float[] wantF = Arrays.copyOfRange(f32.floats(), i * 6400, (i + 1) * 6400);

            int d1 = diff(wantScaled, Preprocessing.bytescaledCrop(rgb));
            int d2 = diff(wantU8, Preprocessing.preprocessToBytes(rgb));
            float[] got = Preprocessing.preprocess(rgb);
            Preprocessing.preprocess(rgb, batch, 7 + i * Preprocessing.OUT_SIZE);
            int d3 = 0;
            for (int j = 0; j < 6400; j++) {
                int want = Float.floatToRawIntBits(wantF[j]);
                if (want != Float.floatToRawIntBits(got[j])
                        || want != Float.floatToRawIntBits(batch[7 + i * 6400 + j])) {
                    d3++;
                }
            }
            if (d1 + d2 + d3 > 0) {
                mismatches++;
                report.append(String.format("frame %d: bytescale %d, uint8 %d, float %d pixels differ; ",
                        i, d1, d2, d3));
            }
        }
        for (int j = 0; j < 7; j++) {
            assertTrue(Float.isNaN(batch[j]), "wrote before offset");
        }
        assertEquals(0, mismatches, report.toString());
    }

    @Test
    void generalResizeMatchesPillow() throws IOException {
        Npy.Array cases = Npy.read(dir.resolve("resize_cases.npy"));
        int[] c = cases.ints();
        int k = cases.shape()[0];
        assertTrue(k >= 3);
        for (int i = 0; i < k; i++) {
            int w = c[4 * i], h = c[4 * i + 1], nw = c[4 * i + 2], nh = c[4 * i + 3];
            Npy.Array in = Npy.read(dir.resolve("resize_" + i + "_in.npy"));
            Npy.Array want = Npy.read(dir.resolve("resize_" + i + "_out.npy"));
            assertArrayEquals(new int[] {h, w}, in.shape());
            assertArrayEquals(new int[] {nh, nw}, want.shape());
            byte[] got = Preprocessing.resizeBilinear(in.bytes(), w, h, nw, nh);
            int d = diff(want.bytes(), got);
            if (d != 0) {
                fail(String.format("resize %dx%d -> %dx%d: %d of %d pixels differ", w, h, nw, nh, d, nw * nh));
            }
        }
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
