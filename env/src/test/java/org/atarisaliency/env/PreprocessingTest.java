package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.atarisaliency.env.internal.PillowBilinear;
import org.junit.jupiter.api.Test;

/** Pure-Java checks of {@link Preprocessing} (the bit-exactness checks are in PreprocessingFixtureTest). */
class PreprocessingTest {

    private static byte[] constantFrame(int v) {
        byte[] f = new byte[Preprocessing.FRAME_BYTES];
        Arrays.fill(f, (byte) v);
        return f;
    }

    private static byte[] randomFrame(long seed) {
        byte[] f = new byte[Preprocessing.FRAME_BYTES];
        new Random(seed).nextBytes(f);
        return f;
    }

    @Test
    void constantCropGivesAllZeros() {
        for (int v : new int[] {0, 1, 87, 200, 255}) {
            byte[] f = constantFrame(v);
            // rows outside the crop (0..34, 195..209) do not count
            for (int i = 0; i < 35 * 160 * 3; i++) {
                f[i] = (byte) (i * 7);
            }
            for (int i = 195 * 160 * 3; i < f.length; i++) {
                f[i] = (byte) (i * 13);
            }
            float[] out = new float[Preprocessing.OUT_SIZE];
            Arrays.fill(out, 0.5f);
            Preprocessing.preprocess(f, out, 0);
            for (float x : out) {
                assertEquals(0, Float.floatToRawIntBits(x), "constant " + v + " must give +0.0f");
            }
            assertArrayEquals(new byte[6400], Preprocessing.preprocessToBytes(f));
        }
    }

    @Test
    void sameGreyFromDifferentColoursIsConstant() {
        // (10,20,30) and (30,20,10) have the same mean: still a constant crop
        byte[] f = new byte[Preprocessing.FRAME_BYTES];
        for (int p = 0; p < 210 * 160; p++) {
            boolean odd = (p & 1) == 1;
            f[3 * p] = (byte) (odd ? 10 : 30);
            f[3 * p + 1] = 20;
            f[3 * p + 2] = (byte) (odd ? 30 : 10);
        }
        assertArrayEquals(new byte[6400], Preprocessing.preprocessToBytes(f));
    }

    @Test
    void twoLevelsScaleToFullRange() {
        byte[] f = constantFrame(40);
        int p = (100 * 160 + 50) * 3;
        f[p] = 41; // one channel one step up: range of 1/3 grey level -> 0 and 255
        byte[] scaled = Preprocessing.bytescaledCrop(f);
        for (int i = 0; i < scaled.length; i++) {
            int want = i == (100 - 35) * 160 + 50 ? 255 : 0;
            assertEquals(want, scaled[i] & 0xff);
        }
    }

    @Test
    void coefficientsOfTheFactorTwoReduction() {
        PillowBilinear.Coeffs c = PillowBilinear.coefficients(160, 80);
        assertEquals(5, c.ksize);
        // interior: [1,3,3,1]/8 from 2i-1
        assertEquals(79, c.start(40));
        assertEquals(4, c.count(40));
        assertArrayEquals(new int[] {524288, 1572864, 1572864, 524288, 0}, Arrays.copyOfRange(c.kk, 40 * 5, 41 * 5));
        // borders: window clipped to 3 taps, weights [3,3,1]/7 renormalised
        assertEquals(0, c.start(0));
        assertEquals(3, c.count(0));
        assertArrayEquals(new int[] {1797559, 1797559, 599186}, Arrays.copyOfRange(c.kk, 0, 3));
        assertEquals(157, c.start(79));
        assertArrayEquals(new int[] {599186, 1797559, 1797559}, Arrays.copyOfRange(c.kk, 79 * 5, 79 * 5 + 3));
    }

    @Test
    void fastPathEqualsGeneralResize() {
        assertTrue(Preprocessing.fastPath(), "the 160->80 coefficients no longer fit the unrolled path");
        for (long seed = 0; seed < 20; seed++) {
            byte[] f = randomFrame(seed);
            if (seed % 3 == 0) { // fewer levels, larger flat areas
                for (int i = 0; i < f.length; i++) {
                    f[i] = (byte) (f[i] & 0xc0);
                }
            }
            byte[] grey = Preprocessing.bytescaledCrop(f);
            byte[] general = Preprocessing.resizeBilinear(grey, 160, 160, 80, 80);
            assertArrayEquals(general, Preprocessing.preprocessToBytes(f), "seed " + seed);
        }
    }

    @Test
    void floatsAreBytesOver255AndOffsetIsRespected() {
        byte[] f = randomFrame(42);
        byte[] b = Preprocessing.preprocessToBytes(f);
        float[] out = new float[3 * 6400];
        Arrays.fill(out, -1f);
        Preprocessing.preprocess(f, out, 6400);
        for (int i = 0; i < 6400; i++) {
            assertEquals(-1f, out[i]);
            assertEquals(-1f, out[2 * 6400 + i]);
            assertEquals((b[i] & 0xff) / 255f, out[6400 + i]);
        }
        assertArrayEquals(Arrays.copyOfRange(out, 6400, 12800), Preprocessing.preprocess(f));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.preprocess(new byte[100]));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Preprocessing.preprocess(randomFrame(1), new float[6400], 1));
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.resizeBilinear(new byte[6], 2, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.resizeBilinear(new byte[4], 2, 2, 0, 1));
    }

    @Test
    void resizeIdentityCopiesAndOneAxisResizes() {
        byte[] g = new byte[35];
        new Random(3).nextBytes(g);
        byte[] same = Preprocessing.resizeBilinear(g, 7, 5, 7, 5);
        assertArrayEquals(g, same);
        assertTrue(same != g);
        // a horizontal-only resize of a vertical gradient keeps each row constant
        byte[] v = new byte[10 * 6];
        for (int y = 0; y < 6; y++) {
            Arrays.fill(v, y * 10, y * 10 + 10, (byte) (y * 40));
        }
        byte[] r = Preprocessing.resizeBilinear(v, 10, 6, 3, 6);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(y * 40, r[y * 3 + x] & 0xff);
            }
        }
    }

    @Test
    void threadSafe() throws Exception {
        int frames = 16;
        List<byte[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            byte[] f = randomFrame(100 + i);
            inputs.add(f);
            expected.add(Preprocessing.preprocess(f));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int start = t;
                results.add(pool.submit(() -> {
                    float[] out = new float[6400];
                    for (int rep = 0; rep < 50; rep++) {
                        int i = (start + rep) % frames;
                        Preprocessing.preprocess(inputs.get(i), out, 0);
                        if (!Arrays.equals(out, expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Micro benchmark, no assertion on time: prints ns per frame. */
    @Test
    void benchmark() {
        byte[][] in = new byte[8][];
        for (int i = 0; i < in.length; i++) {
            in[i] = randomFrame(i);
            // Atari-like: few distinct colours
            for (int j = 0; j < in[i].length; j++) {
                in[i][j] = (byte) (in[i][j] & 0xe0);
            }
        }
        float[] out = new float[6400];
        float sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up
            Preprocessing.preprocess(in[i & 7], out, 0);
            sink += out[i % 6400];
        }
        int n = 20_000;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Preprocessing.preprocess(in[i & 7], out, 0);
            sink += out[i % 6400];
        }
        long ns = (System.nanoTime() - t0) / n;
        long cpuNs = cpu ? (mx.getCurrentThreadCpuTime() - c0) / n : -1;
        System.out.println("Preprocessing.preprocess: " + ns + " ns/frame wall, " + cpuNs
                + " ns/frame thread CPU (sink " + sink + ")");
    }
}
