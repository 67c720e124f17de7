package org.atarisaliency.agents.sb3;

/** The activation between the hidden layers of an SB3 MLP head ({@code policy_kwargs["activation_fn"]}). */
public enum Activation {
    RELU, TANH;

    void applyInPlace(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = this == RELU ? Math.max(x[i], 0f) : (float) Math.tanh(x[i]);
        }
    }

    /**
     * From the JSON text SB3 writes for the class, e.g. {@code "<class 'torch.nn.modules.activation.ReLU'>"};
     * null for an unknown one.
     */
    static Activation fromClassName(String s) {
        if (s == null) {
            return null;
        }
        if (s.endsWith(".ReLU'>") || s.equals("ReLU")) {
            return RELU;
        }
        if (s.endsWith(".Tanh'>") || s.equals("Tanh")) {
            return TANH;
        }
        return null;
    }
}
