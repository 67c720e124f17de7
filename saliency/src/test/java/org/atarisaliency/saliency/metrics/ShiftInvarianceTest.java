package org.atarisaliency.saliency.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.saliency.MaskBank;
import org.atarisaliency.saliency.RealFrames;
import org.atarisaliency.saliency.internal.GaussianFilter;
import org.junit.jupiter.api.Test;

/** The bias absorption at conv1 (checked with a plain convolution loop) and the blur's commuting with the shift. */
class ShiftInvarianceTest {

    /** conv1 pre-activations of a 1 x 80 x 80 input: 3x3, stride 2, zero padding 1. */
    static double[] conv1(ActorCriticWeights w, float[] x) {
        int co = w.convChannels()[1];
        double[] out = new double[co * 40 * 40];
        for (int c = 0; c < co; c++) {
            for (int y = 0; y < 40; y++) {
                for (int xx = 0; xx < 40; xx++) {
                    double acc = w.convBias()[0][c];
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = 2 * y - 1 + ky, ix = 2 * xx - 1 + kx;
                            if (iy >= 0 && ix >= 0 && iy < 80 && ix < 80) {
                                acc += w.convWeight()[0][c * 9 + ky * 3 + kx] * x[iy * 80 + ix];
                            }
                        }
                    }
                    out[(c * 40 + y) * 40 + xx] = acc;
                }
            }
        }
        return out;
    }

    @Test
    void biasAbsorbsTheShiftExceptAtThePaddedBorder() throws Exception {
        ActorCriticWeights w = ActorCriticWeights.read(TestAssets.agent("pong-v4", 80));
        float[] img = RealFrames.rollout("pong-v4", "Pong-v4", 30).get(0).input();
        for (double c : ShiftInvariance.DEFAULT_SHIFTS) {
            ActorCriticWeights ws = ShiftInvariance.absorbShift(w, c);
            double[] a = conv1(w, img), b = conv1(ws, ShiftInvariance.shift(img, c));
            for (int ch = 0; ch < 32; ch++) {
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 40; x++) {
                        int i = (ch * 40 + y) * 40 + x;
                        if (y > 0 && x > 0) {
                            assertEquals(a[i], b[i], 1e-5, "interior unit");
                        } else {
                            // padded taps: row -1 when y = 0, column -1 when x = 0
                            double pad = 0;
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    if ((y == 0 && ky == 0) || (x == 0 && kx == 0)) {
                                        pad += w.convWeight()[0][ch * 9 + ky * 3 + kx];
                                    }
                                }
                            }
                            assertEquals(a[i] - c * pad, b[i], 1e-5, "border unit");
                        }
                    }
                }
            }
            // reflect-mode Gaussian blur commutes with a constant shift
            float[] blurShift = GaussianFilter.filter(ShiftInvariance.shift(img, c), 80, 80, 3);
            float[] shiftBlur = ShiftInvariance.shift(GaussianFilter.filter(img, 80, 80, 3), c);
            for (int i = 0; i < img.length; i++) {
                assertEquals(shiftBlur[i], blurShift[i], 1e-6);
            }
        }
    }

    @Test
    void interiorGridPoints() {
        boolean[] in = ShiftInvariance.interior(MaskBank.of(5, 5, 80));
        // masks reach 21 pixels from their centre (Gaussian truncated at 4 sigma + the cross): centres from row/column 25 on
        assertTrue(in[5 * 16 + 5]);
        assertTrue(!in[4 * 16 + 8] && !in[8 * 16 + 4] && !in[0]);
        assertTrue(in[15 * 16 + 15]);
    }
}
