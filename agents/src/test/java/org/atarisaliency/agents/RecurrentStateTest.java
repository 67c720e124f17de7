package org.atarisaliency.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A state whose parts differ in size (a frame stack and an LSTM, as RL Zoo's RecurrentPPO keeps them). */
class RecurrentStateTest {
    private static final List<String> NAMES = List.of("frames", "h");

    /** Two agents: frames of 3 units, h of 2; agent i's values are 10*i + unit. */
    private static RecurrentState twoAgents() {
        return new RecurrentState(2, NAMES, List.of(new float[] {0, 1, 2, 10, 11, 12}, new float[] {0, 1, 10, 11}));
    }

    @Test
    void zerosHaveEachPartsOwnSize() {
        RecurrentState z = RecurrentState.zeros(3, NAMES, List.of(5, 2));
        assertEquals(List.of(5, 2), z.sizes());
        assertEquals(15, z.part("frames").length);
        assertEquals(6, z.part("h").length);
    }

    @Test
    void rowsAndRepeatsCutEachPartByItsOwnSize() {
        RecurrentState s = twoAgents();
        RecurrentState one = s.row(1);
        assertArrayEquals(new float[] {10, 11, 12}, one.part("frames"));
        assertArrayEquals(new float[] {10, 11}, one.part("h"));
        RecurrentState twice = s.repeatRow(0, 2);
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, twice.part("frames"));
        assertArrayEquals(new float[] {0, 1, 0, 1}, twice.part("h"));
    }

    @Test
    void zeroRowClearsOnlyThatAgentInEveryPart() {
        RecurrentState s = twoAgents();
        s.zeroRow(1);
        assertArrayEquals(new float[] {0, 1, 2, 0, 0, 0}, s.part("frames"));
        assertArrayEquals(new float[] {0, 1, 0, 0}, s.part("h"));
    }

    @Test
    void concatJoinsAgentsAndRefusesOtherParts() {
        RecurrentState s = twoAgents();
        RecurrentState joined = RecurrentState.concat(List.of(s.row(1), s.row(0)));
        assertArrayEquals(new float[] {10, 11, 12, 0, 1, 2}, joined.part("frames"));
        assertArrayEquals(new float[] {10, 11, 0, 1}, joined.part("h"));
        assertThrows(IllegalArgumentException.class, () -> RecurrentState.concat(List.of(s.row(0), RecurrentState.zeros(1, NAMES, 2))));
    }

    @Test
    void oneSizeForAllPartsIsRefusedWhenTheyDiffer() {
        assertEquals(List.of(3, 2), twoAgents().sizes());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> twoAgents().size());
        assertEquals("the state's parts [frames, h] differ in size [3, 2]; ask for one part's size", e.getMessage());
        assertEquals(4, RecurrentState.zeros(1, List.of("h", "c"), 4).size());
    }
}
