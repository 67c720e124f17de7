package org.atarisaliency.agents.nets;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The actor-critic as a SameDiff graph, for autodiff (Jacobian saliency) and as an independent
 * check of {@link ActorCriticPolicy}. Placeholders: {@code x} [N,C,80,80], {@code h} [N,H] (and
 * {@code c} for an LSTM). Outputs: {@code logits} [N,A], {@code value} [N,1], {@code h_next}
 * (and {@code c_next}). The GRU is written out in PyTorch's r, z, n convention (ND4J's built-in
 * gruCell uses another one).
 */
public final class SameDiffActorCritic {
    private SameDiffActorCritic() {
    }

    /** Builds the graph with the weights as variables (trainable, so gradients flow to inputs and weights). */
    public static SameDiff build(ActorCriticWeights w) {
        SameDiff sd = SameDiff.create();
        int s = w.inputSize();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, w.inputChannels(), s, s);
        SDVariable h = sd.placeHolder("h", DataType.FLOAT, -1, w.hidden());
        SDVariable cur = x;
        for (int l = 0; l < ActorCriticWeights.CONV_LAYERS; l++) {
            int[] ch = w.convChannels();
            // weights in ND4J's default [kH, kW, in, out] layout (YXIO) and one config per layer: SameDiff
            // M2.1 loses a non-default weights format when it builds the gradient graph
            Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
            SDVariable wt = sd.var("conv" + (l + 1) + "_weight", Nd4j.create(w.convWeight()[l], new long[] {ch[l + 1], ch[l], 3, 3}, DataType.FLOAT)
                    .permute(2, 3, 1, 0).dup('c'));
            SDVariable bs = sd.var("conv" + (l + 1) + "_bias", Nd4j.create(w.convBias()[l], new long[] {ch[l + 1]}, DataType.FLOAT));
            cur = sd.nn.elu("conv" + (l + 1), sd.cnn.conv2d(cur, wt, bs, cfg));
        }
        SDVariable flat = sd.reshape("features", cur, -1, w.flatSize());
        int hid = w.hidden();
        int g = w.cell().gates() * hid;
        SDVariable wih = sd.var("weight_ih", Nd4j.create(w.weightIh(), new long[] {g, w.flatSize()}, DataType.FLOAT));
        SDVariable whh = sd.var("weight_hh", Nd4j.create(w.weightHh(), new long[] {g, hid}, DataType.FLOAT));
        SDVariable bih = sd.var("bias_ih", Nd4j.create(w.biasIh(), new long[] {1, g}, DataType.FLOAT));
        SDVariable bhh = sd.var("bias_hh", Nd4j.create(w.biasHh(), new long[] {1, g}, DataType.FLOAT));
        SDVariable gi = sd.mmul(flat, wih, false, true, false).add(bih);
        SDVariable gh = sd.mmul(h, whh, false, true, false).add(bhh);
        SDVariable hNext;
        if (w.cell() == RecurrentCell.GRU) {
            SDVariable r = sd.nn.sigmoid(block(gi, 0, hid).add(block(gh, 0, hid)));
            SDVariable z = sd.nn.sigmoid(block(gi, 1, hid).add(block(gh, 1, hid)));
            SDVariable n = sd.math.tanh(block(gi, 2, hid).add(r.mul(block(gh, 2, hid))));
            hNext = sd.identity("h_next", z.rsub(1.0).mul(n).add(z.mul(h)));
        } else {
            SDVariable c = sd.placeHolder("c", DataType.FLOAT, -1, hid);
            SDVariable gates = gi.add(gh);
            SDVariable ig = sd.nn.sigmoid(block(gates, 0, hid));
            SDVariable fg = sd.nn.sigmoid(block(gates, 1, hid));
            SDVariable gg = sd.math.tanh(block(gates, 2, hid));
            SDVariable og = sd.nn.sigmoid(block(gates, 3, hid));
            SDVariable cNext = sd.identity("c_next", fg.mul(c).add(ig.mul(gg)));
            hNext = sd.identity("h_next", og.mul(sd.math.tanh(cNext)));
        }
        SDVariable cw = sd.var("critic_weight", Nd4j.create(w.criticWeight(), new long[] {1, hid}, DataType.FLOAT));
        SDVariable cb = sd.var("critic_bias", Nd4j.create(new float[] {w.criticBias()}, new long[] {1, 1}, DataType.FLOAT));
        SDVariable aw = sd.var("actor_weight", Nd4j.create(w.actorWeight(), new long[] {w.actions(), hid}, DataType.FLOAT));
        SDVariable ab = sd.var("actor_bias", Nd4j.create(w.actorBias(), new long[] {1, w.actions()}, DataType.FLOAT));
        sd.identity("value", sd.mmul(hNext, cw, false, true, false).add(cb));
        sd.identity("logits", sd.mmul(hNext, aw, false, true, false).add(ab));
        return sd;
    }

    private static SDVariable block(SDVariable v, int k, int hid) {
        return v.get(SDIndex.all(), SDIndex.interval(k * hid, (k + 1) * hid));
    }
}
