package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GameIdsTest {
    private static final List<String> ROMS = List.of("pong", "breakout", "space_invaders", "montezuma_revenge", "ms_pacman");

    @Test
    void gymIdsMapToTheirSettings() {
        GameSpec v4 = GameIds.resolve("Pong-v4", ROMS);
        assertEquals("pong", v4.rom());
        assertEquals(2, v4.frameSkipMin());
        assertEquals(4, v4.frameSkipMax());
        assertEquals(0f, v4.repeatActionProbability());

        GameSpec v0 = GameIds.resolve("Breakout-v0", ROMS);
        assertEquals(0.25f, v0.repeatActionProbability());
        assertTrue(v0.randomFrameSkip());

        GameSpec nf = GameIds.resolve("PongNoFrameskip-v4", ROMS);
        assertEquals(1, nf.frameSkipMin());
        assertEquals(1, nf.frameSkipMax());

        assertEquals(3, GameIds.resolve("SpaceInvadersDeterministic-v4", ROMS).frameSkipMin());
        assertEquals("space_invaders", GameIds.resolve("SpaceInvadersDeterministic-v4", ROMS).rom());
        assertEquals(4, GameIds.resolve("BreakoutDeterministic-v4", ROMS).frameSkipMax());

        GameSpec v5 = GameIds.resolve("ALE/Pong-v5", ROMS);
        assertEquals(4, v5.frameSkipMin());
        assertEquals(0.25f, v5.repeatActionProbability());
        assertEquals("montezuma_revenge", GameIds.resolve("MontezumaRevenge-v4", ROMS).rom());
    }

    @Test
    void aleNamesUseTheV4Settings() {
        GameSpec s = GameIds.resolve("space_invaders", ROMS);
        assertEquals("space_invaders", s.rom());
        assertEquals(2, s.frameSkipMin());
        assertEquals(0f, s.repeatActionProbability());
        assertEquals("ms_pacman", GameIds.resolve("MS_PACMAN", ROMS).rom());
    }

    @Test
    void unknownIdsListTheClosestMatches() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GameIds.resolve("pongg", ROMS));
        assertTrue(e.getMessage().contains("closest: pong"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GameIds.resolve("Breakot-v4", ROMS));
        assertTrue(e.getMessage().contains("breakout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GameIds.resolve("Pong-v5", ROMS));
    }
}
