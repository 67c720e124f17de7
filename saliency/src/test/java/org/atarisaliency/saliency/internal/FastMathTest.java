package org.atarisaliency.saliency.internal;

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
    void eluSigmoidTanh() {
        for (float x = -30f; x < 30f; x += 0.0013f) {
            assertEquals(x > 0 ? x : Math.expm1(x), FastMath.elu(x), 2e-7 * Math.max(1, Math.abs(x)));
            assertEquals(1 / (1 + Math.exp(-x)), FastMath.sigmoid(x), 2e-7);
            assertEquals(Math.tanh(x), FastMath.tanh(x), 2e-7);
        }
    }
}
