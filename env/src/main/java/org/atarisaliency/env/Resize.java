package org.atarisaliency.env;

import org.atarisaliency.env.internal.PillowBilinear;

/**
 * Pillow's BILINEAR resize of a float image (saliency maps to their input or screen size) (mode 'F'): the same coefficients as for 8-bit images,
 * applied in double without fixed point, horizontal pass then vertical pass, each stored as float.
 */
public final class Resize {
    private Resize() {
    }

    /** Resizes an h x w row-major float image to newH x newW. */
    public static float[] resize(float[] img, int w, int h, int newW, int newH) {
        PillowBilinear.Coeffs cx = PillowBilinear.coefficients(w, newW);
        PillowBilinear.Coeffs cy = PillowBilinear.coefficients(h, newH);
        float[] tmp = new float[h * newW];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < newW; x++) {
                double s = 0;
                int start = cx.start(x), n = cx.count(x);
                for (int j = 0; j < n; j++) {
                    s += img[y * w + start + j] * cx.weights[x * cx.ksize + j];
                }
                tmp[y * newW + x] = (float) s;
            }
        }
        float[] out = new float[newH * newW];
        for (int y = 0; y < newH; y++) {
            int start = cy.start(y), n = cy.count(y);
            for (int x = 0; x < newW; x++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += tmp[(start + j) * newW + x] * cy.weights[y * cy.ksize + j];
                }
                out[y * newW + x] = (float) s;
            }
        }
        return out;
    }
}
