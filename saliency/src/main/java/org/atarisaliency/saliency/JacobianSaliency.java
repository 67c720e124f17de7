package org.atarisaliency.saliency;

import java.util.HashMap;
import java.util.Map;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.nets.SameDiffActorCritic;
import org.atarisaliency.saliency.internal.SameDiffGradients;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient (Jacobian) saliency baselines (input gradients as in Simonyan et al. 2014), the usual
 * point of comparison for {@link PerturbationSaliency}. For one frame I (the
 * preprocessed 80x80 input) fed from the stored state h_{t-1}, with L_b the actor logits and V the
 * critic value of that step:
 * <ul>
 * <li>{@code chosen}: |dL_a/dI| per pixel for the explained action a (by default the greedy action
 *     of the unperturbed step, as in {@link SaliencyMap#action()});</li>
 * <li>{@code allLogits}: 0.5 * sum_b (dL_b/dI)^2 per pixel. This is the "whole-logit" analogue of
 *     the perturbation actor score S(I') = 0.5 * sum_b (L_b(I) - L_b(I'))^2: for I' = I + t e_p
 *     (pixel p changed by t), S = 0.5 * t^2 * sum_b (dL_b/dI_p)^2 + O(t^3), so this map is the
 *     leading coefficient for a unit change t = 1. The score's own gradient at I' = I is zero (it is
 *     a squared difference at its minimum), which is why it has no direct gradient analogue;</li>
 * <li>{@code critic}: |dV/dI| per pixel.</li>
 * </ul>
 *
 * <p>The gradients come from SameDiff's reverse-mode autodiff on the network built by
 * {@link SameDiffActorCritic} (once per instance; its weights are turned into constants so that
 * only the input gets a gradient, see {@link SameDiffGradients} for the work-arounds SameDiff
 * 1.0.0-M2.1 needs). A selection loss is added to the graph: placeholders
 * {@code sel} [N,A] and {@code vsel} [N,1], loss = sum(logits * sel) + sum(value * vsel). Rows of
 * the network are independent, so the input gradient of row i is the gradient of row i's own
 * selection: one gradient call on a batch of A + 1 copies of the frame (row b selects logit b, the
 * last row the value) yields the whole Jacobian of the logits and the value.
 *
 * <p>Only the A3C actor-critic ({@link ActorCriticPolicy}, GRU or LSTM, one input channel) is
 * supported. Calls on one instance are serialised (the graph's session is not thread-safe).
 */
public final class JacobianSaliency implements AutoCloseable {
    private final ActorCriticPolicy policy;
    private final ActorCriticWeights w;
    private final SameDiff sd;

    /**
     * Builds the gradient graph for {@code policy}.
     *
     * @throws IllegalArgumentException if the policy is not the single-channel A3C actor-critic
     */
    public JacobianSaliency(Policy policy) {
        if (!(policy instanceof ActorCriticPolicy acp)) {
            throw new IllegalArgumentException("Jacobian saliency supports only the A3C actor-critic (baby-a3c GRU or visualize_atari LSTM), not "
                    + policy.describe());
        }
        if (acp.weights().inputChannels() != 1) {
            throw new IllegalArgumentException("Jacobian saliency supports single-channel inputs only; this agent takes "
                    + acp.weights().inputChannels() + " channels");
        }
        this.policy = acp;
        this.w = acp.weights();
        this.sd = SameDiffActorCritic.build(w);
        SameDiffGradients.freezeWeights(sd);
        SameDiffGradients.convWeightsToYxio(sd);
        SDVariable sel = sd.placeHolder("sel", DataType.FLOAT, -1, w.actions());
        SDVariable vsel = sd.placeHolder("vsel", DataType.FLOAT, -1, 1);
        SDVariable logitLoss = sd.sum("logit_loss", sd.getVariable("logits").mul(sel));
        SDVariable valueLoss = sd.sum("value_loss", sd.getVariable("value").mul(vsel));
        sd.setLossVariables(logitLoss.add("loss", valueLoss));
        SameDiffGradients.createInputGradient(sd, "x");
    }

    /** Maps of one frame for its greedy action (the action the policy takes on the unperturbed input). */
    public JacobianMap compute(SaliencyRequest r) {
        return compute(r, -1);
    }

    /**
     * Maps of one frame, explaining {@code action} (or, when it is negative, the greedy action of the
     * unperturbed step). Only {@link SaliencyRequest#input()} and {@link SaliencyRequest#state()} are used.
     */
    public JacobianMap compute(SaliencyRequest r, int action) {
        int a = w.actions();
        if (action >= a) {
            throw new IllegalArgumentException("action " + action + " is out of range: the agent has " + a + " actions");
        }
        float[][] jac = jacobian(r.input(), r.state());
        int act = action >= 0 ? action : policy.forward(r.input(), r.state()).greedyAction(0);
        int n = w.inputSize() * w.inputSize();
        float[] chosen = new float[n], all = new float[n], critic = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int b = 0; b < a; b++) {
                double g = jac[b][i];
                s += g * g;
            }
            all[i] = (float) (0.5 * s);
            chosen[i] = Math.abs(jac[act][i]);
            critic[i] = Math.abs(jac[a][i]);
        }
        return new JacobianMap(w.inputSize(), chosen, all, critic, act);
    }

    /**
     * The signed Jacobian of one step: rows 0..A-1 are dL_b/dI for each action b, row A is dV/dI,
     * each 80*80 floats row-major, from one gradient call.
     *
     * @param input  the preprocessed observation (80*80 floats)
     * @param state  the recurrent state before this step (batch 1)
     */
    public synchronized float[][] jacobian(float[] input, RecurrentState state) {
        int s = w.inputSize();
        int per = s * s;
        if (input.length != per) {
            throw new IllegalArgumentException("input has " + input.length + " floats, the agent takes 1x" + s + "x" + s);
        }
        if (state.batch() != 1) {
            throw new IllegalArgumentException("Jacobian saliency explains one frame: state batch must be 1, got " + state.batch());
        }
        int a = w.actions();
        int n = a + 1;
        int hid = w.hidden();
        float[] x = new float[n * per];
        float[] sel = new float[n * a];
        float[] vsel = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(input, 0, x, i * per, per);
            if (i < a) {
                sel[i * a + i] = 1f;
            } else {
                vsel[i] = 1f;
            }
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", Nd4j.create(x, new long[] {n, 1, s, s}, DataType.FLOAT));
        ph.put("h", Nd4j.create(repeat(state.part("h"), hid, n), new long[] {n, hid}, DataType.FLOAT));
        if (w.cell() == RecurrentCell.LSTM) {
            ph.put("c", Nd4j.create(repeat(state.part("c"), hid, n), new long[] {n, hid}, DataType.FLOAT));
        }
        ph.put("sel", Nd4j.create(sel, new long[] {n, a}, DataType.FLOAT));
        ph.put("vsel", Nd4j.create(vsel, new long[] {n, 1}, DataType.FLOAT));
        INDArray g = sd.calculateGradients(ph, "x").get("x");
        return g.reshape('c', n, per).toFloatMatrix();
    }

    private static float[] repeat(float[] row, int size, int n) {
        if (row.length != size) {
            throw new IllegalArgumentException("state part has " + row.length + " floats, the agent's memory has " + size);
        }
        float[] out = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(row, 0, out, i * size, size);
        }
        return out;
    }

    /** The graph's weights are heap/native arrays owned by SameDiff; nothing else to release. */
    @Override
    public void close() {
    }
}
