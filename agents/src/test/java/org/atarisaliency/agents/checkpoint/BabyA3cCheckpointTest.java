package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads the six shared legacy-format baby-a3c checkpoints. */
class BabyA3cCheckpointTest {

    static Stream<Arguments> files() {
        List<Arguments> a = new ArrayList<>();
        for (int step : new int[] {40, 80}) {
            a.add(Arguments.of("pong-v4", step, 6));
            a.add(Arguments.of("breakout-v4", step, 4));
            a.add(Arguments.of("spaceinvaders-v4", step, 6));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} model.{1}")
    @MethodSource("files")
    void namesShapesAndDtypes(String game, int step, int actions) throws Exception {
        StateDict sd = TorchCheckpoint.read(TestSupport.babyA3c(game, step));
        List<String> expectedNames = List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                "conv3.weight", "conv3.bias", "conv4.weight", "conv4.bias", "gru.weight_ih", "gru.weight_hh",
                "gru.bias_ih", "gru.bias_hh", "critic_linear.weight", "critic_linear.bias", "actor_linear.weight",
                "actor_linear.bias");
        assertEquals(expectedNames, new ArrayList<>(sd.names()));
        assertEquals(16, sd.size());
        assertArrayEquals(new long[] {32, 1, 3, 3}, sd.get("conv1.weight").shape());
        for (int i = 2; i <= 4; i++) {
            assertArrayEquals(new long[] {32, 32, 3, 3}, sd.get("conv" + i + ".weight").shape());
            assertArrayEquals(new long[] {32}, sd.get("conv" + i + ".bias").shape());
        }
        assertArrayEquals(new long[] {768, 800}, sd.get("gru.weight_ih").shape());
        assertArrayEquals(new long[] {768, 256}, sd.get("gru.weight_hh").shape());
        assertArrayEquals(new long[] {768}, sd.get("gru.bias_ih").shape());
        assertArrayEquals(new long[] {768}, sd.get("gru.bias_hh").shape());
        assertArrayEquals(new long[] {1, 256}, sd.get("critic_linear.weight").shape());
        assertArrayEquals(new long[] {1}, sd.get("critic_linear.bias").shape());
        assertArrayEquals(new long[] {actions, 256}, sd.get("actor_linear.weight").shape());
        assertArrayEquals(new long[] {actions}, sd.get("actor_linear.bias").shape());
        assertEquals(actions, sd.get("actor_linear.weight").dim(0));
        long total = 0;
        for (TensorData t : sd.asMap().values()) {
            assertEquals("float32", t.dtype());
            total += t.numel();
        }
        // storage element count from the file layout: (file size - storage start - 16 headers * 8) / 4
        assertEquals(game.startsWith("breakout") ? 841_893 : 842_407, total);
    }

    /**
     * Reference numbers for pong-v4/model.80.tar, produced by the independent numpy reader:
     * {@code PYTHONPATH=.deps/python python3 agents/src/test/python/torch_ckpt_tool.py summary
     * ../shared/agents/baby-a3c/pong-v4/model.80.tar} (sum in float64; values as float32 bits).
     */
    @Test
    void pongMatchesHardCodedReference() throws Exception {
        StateDict sd = TorchCheckpoint.read(TestSupport.babyA3c("pong-v4", 80));
        float[] conv1 = sd.get("conv1.weight").values();
        assertArrayEquals(TestSupport.floatsFromBits("3e6a2a93,be223fa5,bd8a86d8,3cc92a20,be9944d0"),
                java.util.Arrays.copyOf(conv1, 5));
        assertEquals(Float.intBitsToFloat(0x3e9a7176), conv1[conv1.length - 1]);
        assertEquals(7.5282278984668665, sum(conv1), 1e-9);
        assertEquals(2040.8338442365286, sum(sd.get("gru.weight_ih").values()), 1e-6);
        assertEquals(-154.70960479927749, sum(sd.get("gru.weight_hh").values()), 1e-6);
        assertEquals(Float.intBitsToFloat(0x3e0cee46), sd.get("critic_linear.bias").values()[0]);
        assertArrayEquals(TestSupport.floatsFromBits("3db083a0,3de28068,3d314616,3d71fc91,3e12f578,3e535a05"),
                sd.get("actor_linear.bias").values());
    }

    @ParameterizedTest(name = "{0} model.{1}")
    @MethodSource("files")
    void matchesIndependentPythonReader(String game, int step, int actions) throws Exception {
        Path file = TestSupport.babyA3c(game, step);
        List<String> lines = TestSupport.python("summary", file.toString());
        StateDict sd = TorchCheckpoint.read(file);
        assertEquals(sd.size(), lines.size(), String.join("\n", lines));
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            TensorData t = sd.get(f[0]);
            assertEquals(f[1], t.dtype(), f[0]);
            assertArrayEquals(TestSupport.shape(f[2]), t.shape(), f[0]);
            double ref = Double.parseDouble(f[3]);
            assertEquals(ref, sum(t.values()), 1e-9 * Math.max(1, Math.abs(ref)) + 1e-6, f[0]);
            float[] first = TestSupport.floatsFromBits(f[4]);
            assertArrayEquals(first, java.util.Arrays.copyOf(t.values(), first.length), f[0]);
            assertArrayEquals(TestSupport.floatsFromBits(f[5]),
                    new float[] {t.values()[t.values().length - 1]}, f[0]);
        }
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
