package org.atarisaliency.saliency.internal;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.List;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2DDerivative;

/**
 * Work-arounds that make SameDiff 1.0.0-M2.1 differentiate a network graph with respect to an
 * input placeholder only.
 * <ul>
 * <li>{@link #freezeWeights}: the weights become constants, so no weight gradient is built.</li>
 * <li>{@link #convWeightsToYxio}: M2.1 loses a conv2d's weights format when
 *     {@code createGradFunction} copies the graph (the copy's {@code Conv2DConfig} is rebuilt from
 *     properties that omit it, so it falls back to YXIO), and the {@code conv2d_bp} op made from
 *     the copy then reads [O,I,kH,kW] (OIYX) weights as [kH,kW,I,O] and fails shape validation. The
 *     conv weights are therefore permuted to YXIO and the op re-configured, which the copy keeps.</li>
 * <li>{@link #createInputGradient}: with no trainable variable left, {@code calculateGradients}'s
 *     own {@code createGradFunction()} refuses the graph; naming the placeholders that need a
 *     gradient builds the backward graph for them alone. M2.1 prints one line per differentiated op
 *     on {@code System.out} while doing so; those lines are filtered out.</li>
 * </ul>
 */
public final class SameDiffGradients {
    private static final String NOISE = "Added differentiated op ";
    private static final Object STDOUT_LOCK = new Object();

    private SameDiffGradients() {
    }

    /** Turns every trainable variable of {@code sd} into a constant. */
    public static void freezeWeights(SameDiff sd) {
        List<SDVariable> vars = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).toList();
        if (!vars.isEmpty()) {
            sd.convertToConstants(vars);
        }
    }

    /**
     * Re-expresses every OIYX conv2d of {@code sd} with YXIO weights (the same function). Call
     * before {@link #createInputGradient}; a graph already in YXIO is left as it is.
     *
     * @return the number of conv ops rewritten
     */
    public static int convWeightsToYxio(SameDiff sd) {
        int n = 0;
        for (DifferentialFunction f : sd.ops()) {
            if (!(f instanceof Conv2D c) || f instanceof Conv2DDerivative) {
                continue;
            }
            // the op's integer arguments are what runs; its config may be shared with other ops
            // (and so already switched), so decide from the arguments
            long[] before = c.iArgs();
            WeightsFormat fmt = before.length > 10 ? WeightsFormat.values()[(int) before[10]] : WeightsFormat.YXIO;
            if (fmt == WeightsFormat.YXIO) {
                continue;
            }
            if (fmt != WeightsFormat.OIYX) {
                throw new IllegalStateException("conv op " + c.getOwnName() + " has weights format " + fmt + "; only OIYX and YXIO are handled");
            }
            SDVariable w = c.arg(1);
            INDArray oiyx = w.getArr();
            if (oiyx == null || oiyx.rank() != 4) {
                throw new IllegalStateException("conv op " + c.getOwnName() + ": weights " + w.name() + " are not a constant 4-d array");
            }
            List<String> users = sd.getVariables().get(w.name()).getInputsForOp();
            if (users != null && users.size() > 1) {
                throw new IllegalStateException("conv weights " + w.name() + " are shared by several ops");
            }
            sd.setArrayForVariable(w.name(), oiyx.permute(2, 3, 1, 0).dup('c'));
            c.getConfig().setWeightsFormat(WeightsFormat.YXIO);
            clearIntArgs(c); // Conv2D.iArgs() rebuilds them from the config when empty
            long[] args = c.iArgs();
            if (args.length < 11 || args[10] != WeightsFormat.YXIO.ordinal()) {
                throw new IllegalStateException("conv op " + c.getOwnName() + ": could not switch to YXIO weights");
            }
            n++;
        }
        return n;
    }

    /** Builds the backward graph for the given placeholders (the loss variables must be set). */
    public static void createInputGradient(SameDiff sd, String... placeholders) {
        synchronized (STDOUT_LOCK) {
            PrintStream original = System.out;
            System.setOut(new PrintStream(original, true) {
                @Override
                public void println(String x) {
                    if (x == null || !x.startsWith(NOISE)) {
                        original.println(x);
                    }
                }
            });
            try {
                sd.createGradFunction(placeholders);
            } finally {
                System.setOut(original);
            }
        }
    }

    private static void clearIntArgs(DynamicCustomOp op) {
        try {
            Field f = DynamicCustomOp.class.getDeclaredField("iArguments");
            f.setAccessible(true);
            ((List<?>) f.get(op)).clear();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot re-configure conv op " + op.getOwnName() + " for autodiff in this ND4J version: " + e, e);
        }
    }
}
