package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The game registry: one model class per ROM, keyed by its own name, and a one-line error for the rest. */
class GameModelsTest {

    @Test
    void everyRomWithObjectsHasExactlyOneModelClassKeyedByItsName() {
        assertEquals(List.of("pong", "breakout", "space_invaders"), GameModels.roms());
        Set<Class<?>> classes = new HashSet<>();
        for (String rom : GameModels.roms()) {
            GameModel m = GameModels.require(rom);
            assertEquals(rom, m.rom());
            assertTrue(classes.add(m.getClass()), "one class per game: " + m.getClass());
            assertTrue(GameObjects.supported(rom));
            assertNotNull(GameObjects.agentObject(rom), rom);
            assertFalse(m.ownInterventions().isEmpty(), rom);
        }
    }

    @Test
    void aRomWithoutAnObjectModelGetsAOneLineError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GameModels.require("tennis"));
        assertEquals("no object model for tennis; supported: pong, breakout, space_invaders", e.getMessage());
        assertFalse(GameObjects.supported("tennis"));
        assertEquals(List.of(), Interventions.of("tennis", 8));
        assertEquals("no lives address for pong",
                assertThrows(IllegalArgumentException.class, () -> GameObjects.lives("pong", new byte[128])).getMessage());
        assertEquals("no score address for tennis",
                assertThrows(IllegalArgumentException.class, () -> GameObjects.score("tennis", new byte[128])).getMessage());
    }

    @Test
    void everyMovableObjectOfAModelIsAmongItsObjects() {
        for (String rom : GameModels.roms()) {
            Set<String> names = new HashSet<>();
            GameObjects.objects(rom, new byte[128]).forEach(o -> names.add(o.name()));
            for (GameObjects.Coordinate c : GameObjects.coordinates(rom)) {
                assertTrue(names.contains(c.object()), rom + ": " + c.object() + " not in " + names);
            }
        }
    }
}
