package org.atarisaliency.saliency.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spearman and SSIM against scipy (saliency/src/test/python/reference_similarity.py), plus exact cases. */
class MapSimilarityTest {

    @TempDir
    Path tmp;

    private record Pair(float[] a, float[] b, int h, int w) {
    }

    private static float[] randomMap(Random r, int n, boolean signed) {
        float[] m = new float[n];
        for (int i = 0; i < n; i++) {
            m[i] = signed ? (float) r.nextGaussian() : (float) Math.pow(r.nextDouble(), 3);
        }
        return m;
    }

    /** A smooth blob map like a saliency map: a few Gaussian bumps. */
    private static float[] blobs(Random r, int h, int w) {
        float[] m = new float[h * w];
        for (int b = 0; b < 4; b++) {
            double cy = r.nextDouble() * h, cx = r.nextDouble() * w, s = 2 + r.nextDouble() * h / 6, amp = r.nextDouble();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    m[y * w + x] += (float) (amp * Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (2 * s * s)));
                }
            }
        }
        return m;
    }

    @Test
    void matchesScipyReference() throws Exception {
        Random r = new Random(7);
        Map<String, Pair> cases = new LinkedHashMap<>();
        cases.put("independent80", new Pair(randomMap(r, 6400, false), randomMap(r, 6400, false), 80, 80));
        float[] base = blobs(r, 80, 80);
        float[] noisy = base.clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += (float) (0.05 * r.nextDouble());
        }
        cases.put("blobsNoisy80", new Pair(base, noisy, 80, 80));
        cases.put("blobsOther80", new Pair(base, blobs(r, 80, 80), 80, 80));
        float[] scaled = base.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1e-6f;
        }
        cases.put("scaled80", new Pair(base, scaled, 80, 80));
        // many ties and zeros: quantised values
        float[] qa = new float[256], qb = new float[256];
        for (int i = 0; i < 256; i++) {
            qa[i] = r.nextInt(4);
            qb[i] = Math.max(0, qa[i] + r.nextInt(3) - 1);
        }
        cases.put("ties16", new Pair(qa, qb, 16, 16));
        cases.put("rect9x11", new Pair(blobs(r, 9, 11), blobs(r, 9, 11), 9, 11));
        cases.put("signed20", new Pair(randomMap(r, 400, true), randomMap(r, 400, true), 20, 20));
        for (Map.Entry<String, Pair> e : cases.entrySet()) {
            Pair p = e.getValue();
            Npy.writeFloat32(tmp.resolve("a_" + e.getKey() + ".npy"), p.a(), p.h(), p.w());
            Npy.writeFloat32(tmp.resolve("b_" + e.getKey() + ".npy"), p.b(), p.h(), p.w());
        }
        String json = TestAssets.python(TestRoms.projectRoot().resolve("saliency/src/test/python/reference_similarity.py"), tmp.toString());
        for (Map.Entry<String, Pair> e : cases.entrySet()) {
            Pair p = e.getValue();
            Matcher m = Pattern.compile("\"" + e.getKey() + "\": \\{\"spearman\": ([-0-9.eE]+), \"ssim\": ([-0-9.eE]+)\\}").matcher(json);
            assertTrue(m.find(), e.getKey() + " missing in " + json);
            double rs = Double.parseDouble(m.group(1)), ss = Double.parseDouble(m.group(2));
            assertEquals(rs, MapSimilarity.spearman(p.a(), p.b()), 1e-12, e.getKey() + " spearman");
            assertEquals(ss, MapSimilarity.ssim(p.a(), p.b(), p.h(), p.w()), 1e-10, e.getKey() + " ssim");
        }
    }

    @Test
    void exactCases() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4, 5}, MapSimilarity.ranks(new float[] {10, 20, 20, 30, 40}), 0);
        assertArrayEquals(new double[] {2, 2, 2}, MapSimilarity.ranks(new float[] {5, 5, 5}), 0);
        float[] a = blobs(new Random(3), 30, 30);
        float[] monotone = new float[a.length], reversed = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            monotone[i] = (float) Math.exp(3 * a[i]);
            reversed[i] = -a[i];
        }
        assertEquals(1.0, MapSimilarity.spearman(a, a), 0);
        assertEquals(1.0, MapSimilarity.spearman(a, monotone), 1e-12);
        assertEquals(-1.0, MapSimilarity.spearman(a, reversed), 1e-12);
        assertTrue(Double.isNaN(MapSimilarity.spearman(a, new float[a.length])));
        assertEquals(1.0, MapSimilarity.ssim(a, a, 30, 30), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MapSimilarity.ssim(new float[36], new float[36], 6, 6));
        assertThrows(IllegalArgumentException.class, () -> MapSimilarity.spearman(new float[3], new float[4]));
    }
}
