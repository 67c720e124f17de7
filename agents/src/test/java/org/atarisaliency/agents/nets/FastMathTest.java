package org.atarisaliency.agents.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastMathTest {
    @Test
    void expIsAccurateToAFewUlpsOverTheFloatRange() {
        double worst = 0;
        for (float x = -87f; x < 88f; x += 0.000977f) {
            double e = Math.exp(x);
            worst = Math.max(worst, Math.abs(FastMath.exp(x) - e) / e);
        }
        assertTrue(worst < 3e-7, "relative error " + worst);
        assertEquals(0f, FastMath.exp(-200f));
        assertEquals(1f, FastMath.exp(0f), 0f);
    }

    @Test
    void vectorisedEluMatchesExpm1() {
        int n = 200_000;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = -40f + 50f * i / n;
        }
        float[] x = a.clone();
        FastMath.eluInPlace(a, n);
        for (int i = 0; i < n; i++) {
            assertEquals(x[i] > 0 ? x[i] : Math.expm1(x[i]), a[i], 1.5e-7 * Math.max(1, Math.abs(x[i])), "x = " + x[i]);
        }
    }

    @Test
    void eluSigmoidTanh() {
        for (float x = -30f; x < 30f; x += 0.0013f) {
            assertEquals(x > 0 ? x : Math.expm1(x), FastMath.elu(x), 2e-7 * Math.max(1, Math.abs(x)));
            assertEquals(1 / (1 + Math.exp(-x)), FastMath.sigmoid(x), 2e-7);
            assertEquals(Math.tanh(x), FastMath.tanh(x), 2e-7);
        }
    }

    @Test
    void eluRangeAndBackward() {
        int n = 1000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -8f + 16f * i / n;
        }
        float[] y = x.clone();
        FastMath.eluInPlace(y, 100, 900);
        float[] g = new float[n];
        java.util.Arrays.fill(g, 2f);
        FastMath.eluBackwardInPlace(g, y, 100, 900);
        for (int i = 0; i < n; i++) {
            boolean in = i >= 100 && i < 900;
            assertEquals(in ? (x[i] > 0 ? x[i] : Math.expm1(x[i])) : x[i], y[i], 2e-6, "elu at " + i);
            assertEquals(in ? 2 * (x[i] > 0 ? 1 : Math.exp(x[i])) : 2, g[i], 2e-6, "elu gradient at " + i);
        }
    }
}
