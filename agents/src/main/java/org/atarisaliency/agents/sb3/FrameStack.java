package org.atarisaliency.agents.sb3;

/**
 * One step of a frame stack kept as a state part (SB3's {@code VecFrameStack}, gym's {@code FrameStack}):
 * the network input is the K-1 previous frames then the new one, oldest first, and the next state is the
 * last K-1 of those.
 *
 * @param input  [N*K*S*S] the network's input
 * @param next   [N*(K-1)*S*S] the previous frames of the next step (empty when K = 1)
 */
record FrameStack(float[] input, float[] next) {

    /**
     * @param previous   [N*(K-1)*S*S] each agent's K-1 previous frames, oldest first
     * @param newest     [N*S*S] each agent's new frame
     * @param frameSize  S*S
     */
    static FrameStack push(float[] previous, float[] newest, int n, int k, int frameSize) {
        int keep = (k - 1) * frameSize;
        if (newest.length != n * frameSize) {
            int side = (int) Math.round(Math.sqrt(frameSize));
            throw new IllegalArgumentException("expected " + n + " observations of " + frameSize + " floats (1x" + side + "x"
                    + side + "), got " + newest.length + " floats");
        }
        if (previous.length != n * keep) {
            throw new IllegalArgumentException("expected a state of " + n + " x " + keep + " floats (" + (k - 1)
                    + " frames), got " + previous.length);
        }
        if (k == 1) {
            return new FrameStack(newest, new float[0]);
        }
        float[] x = new float[n * k * frameSize];
        float[] next = new float[n * keep];
        for (int i = 0; i < n; i++) {
            System.arraycopy(previous, i * keep, x, i * k * frameSize, keep);
            System.arraycopy(newest, i * frameSize, x, i * k * frameSize + keep, frameSize);
            System.arraycopy(previous, i * keep + frameSize, next, i * keep, keep - frameSize);
            System.arraycopy(newest, i * frameSize, next, i * keep + keep - frameSize, frameSize);
        }
        return new FrameStack(x, next);
    }

    /** {@code x} multiplied by {@code scale} (a copy), or {@code x} itself when the scale is 1. */
    static float[] scaled(float[] x, float scale) {
        if (scale == 1f) {
            return x;
        }
        float[] out = new float[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = x[j] * scale;
        }
        return out;
    }
}
