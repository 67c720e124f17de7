package org.atarisaliency.saliency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.atarisaliency.saliency.internal.GaussianFilter;

/**
 * The perturbation masks of one (stride d, radius r, image size) setting, built once and cached:
 * mask k is centred on grid point (row, col) = (d*(k / g), d*(k % g)) with g = ceil(size/d); it
 * is the reference's small cross ({@code x^2 + y^2 <= 1}: the centre and its 4 neighbours)
 * blurred with a Gaussian of sigma r ({@code scipy.ndimage.gaussian_filter} semantics) and
 * divided by its maximum. Each mask also records the box holding its non-zero values.
 */
public final class MaskBank {
    private static final Map<String, MaskBank> CACHE = new ConcurrentHashMap<>();

    private final int stride;
    private final double radius;
    private final int size;
    private final int grid;
    private final double[][] masks;
    private final int[][] boxes;

    private MaskBank(int stride, double radius, int size) {
        this.stride = stride;
        this.radius = radius;
        this.size = size;
        this.grid = (size + stride - 1) / stride;
        int n = grid * grid;
        masks = new double[n][];
        boxes = new int[n][];
        for (int k = 0; k < n; k++) {
            int cy = stride * (k / grid), cx = stride * (k % grid);
            double[] cross = new double[size * size];
            for (int y = Math.max(0, cy - 1); y <= Math.min(size - 1, cy + 1); y++) {
                for (int x = Math.max(0, cx - 1); x <= Math.min(size - 1, cx + 1); x++) {
                    int dy = y - cy, dx = x - cx;
                    if (dy * dy + dx * dx <= 1) {
                        cross[y * size + x] = 1;
                    }
                }
            }
            double[] m = GaussianFilter.filter(cross, size, size, radius);
            double max = 0;
            for (double v : m) {
                max = Math.max(max, v);
            }
            int y0 = size, y1 = -1, x0 = size, x1 = -1;
            for (int i = 0; i < m.length; i++) {
                m[i] /= max;
                if (m[i] != 0) {
                    int y = i / size, x = i % size;
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                }
            }
            masks[k] = m;
            boxes[k] = new int[] {y0, y1, x0, x1};
        }
    }

    /** The cached bank for (stride, radius, size). */
    public static MaskBank of(int stride, double radius, int size) {
        if (stride < 1 || stride > size) {
            throw new org.atarisaliency.env.InvalidSettingException("stride", "must be in 1.." + size + ", got " + stride);
        }
        if (!(radius > 0) || radius > 1000) {
            throw new org.atarisaliency.env.InvalidSettingException("radius", "must be a finite number > 0, got " + radius);
        }
        return CACHE.computeIfAbsent(stride + "/" + radius + "/" + size, key -> new MaskBank(stride, radius, size));
    }

    /** Number of masks (grid * grid). */
    public int count() {
        return masks.length;
    }

    /** Grid points per side: ceil(size / stride). */
    public int grid() {
        return grid;
    }

    public int stride() {
        return stride;
    }

    public double radius() {
        return radius;
    }

    public int size() {
        return size;
    }

    /** Mask k (size*size, row-major, max 1); do not modify. */
    double[] mask(int k) {
        return masks[k];
    }

    /** A copy of mask k. */
    public double[] maskCopy(int k) {
        return masks[k].clone();
    }

    /** Inclusive box {y0, y1, x0, x1} of mask k's non-zero values; do not modify. */
    int[] box(int k) {
        return boxes[k];
    }
}
