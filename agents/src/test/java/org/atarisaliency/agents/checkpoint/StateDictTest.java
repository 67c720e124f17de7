package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** StateDict, TensorData and the element decoders. */
class StateDictTest {

    private static StateDict sample() {
        Map<String, TensorData> m = new LinkedHashMap<>();
        m.put("b", new TensorData("float32", new long[] {2, 3}, new float[6]));
        m.put("a", new TensorData("int64", new long[0], new float[] {5}));
        return new StateDict("model.pt", m);
    }

    @Test
    void keepsOrderAndAnswersQueries() throws Exception {
        StateDict sd = sample();
        assertEquals(List.of("b", "a"), List.copyOf(sd.names()));
        assertEquals(2, sd.size());
        assertTrue(sd.contains("a"));
        assertFalse(sd.contains("c"));
        assertEquals(5f, sd.get("a").values()[0]);
        assertThrows(UnsupportedOperationException.class, () -> sd.asMap().remove("a"));
    }

    @Test
    void missingNameListsAvailableOnes() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> sample().get("conv1.weight"));
        assertEquals("model.pt: no tensor named 'conv1.weight'; available: b, a; check that the checkpoint"
                + " matches the network architecture", e.getMessage());
    }

    @Test
    void tensorDataHelpers() {
        TensorData t = new TensorData("float32", new long[] {2, 3, 4}, new float[24]);
        assertEquals(3, t.rank());
        assertEquals(24, t.numel());
        assertEquals(3, t.dim(1));
        assertEquals(4, t.dim(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.dim(3));
        assertThrows(IllegalArgumentException.class, () -> new TensorData("float32", new long[] {2}, new float[3]));
        assertEquals(1, new TensorData("float32", new long[0], new float[1]).numel());
        assertEquals(t, new TensorData("float32", new long[] {2, 3, 4}, new float[24]));
    }

    @Test
    void halfPrecisionDecoding() {
        assertEquals(1f, StorageType.halfToFloat((short) 0x3c00));
        assertEquals(-2f, StorageType.halfToFloat((short) 0xc000));
        assertEquals(65504f, StorageType.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, StorageType.halfToFloat((short) 0x0001));
        assertEquals(0x1p-14f, StorageType.halfToFloat((short) 0x0400));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(StorageType.halfToFloat((short) 0x8000)));
        assertEquals(Float.NEGATIVE_INFINITY, StorageType.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(StorageType.halfToFloat((short) 0x7e00)));
        assertArrayEquals(new float[] {0.333251953125f}, new float[] {StorageType.halfToFloat((short) 0x3555)});
    }
}
