package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one resolution of a game id that commands, experiment plans and study builds share. */
class GameFindTest {
    /** The standard locator searches the checkout's ROMs ($atari.home) too. */
    @BeforeAll
    static void searchTheCheckout() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void anIdBecomesItsSettingsAndTheRomItNames() {
        Game g = Game.find("PongNoFrameskip-v4");
        assertEquals(GameIds.resolve("PongNoFrameskip-v4", List.of("pong")), g.spec());
        assertEquals("pong.bin", g.rom().getFileName().toString());
        assertEquals("off", g.hints());
        assertEquals("random", g.withHints("random").hints());
    }

    @Test
    void aGivenRomReplacesTheSearchAndSettingsApplyBeforeTheRomIsFound(@TempDir Path tmp) throws Exception {
        Path rom = Files.copy(TestRoms.rom("pong"), tmp.resolve("my-pong.bin"));
        Game g = Game.find("Pong-v4", rom, s -> s.withFrameSkip(3));
        assertEquals(rom, g.rom());
        assertEquals("my-pong", g.spec().rom());
        assertEquals("Pong-v4", g.spec().id());
        assertEquals("3", g.spec().frameSkipText());
        assertEquals(Game.find("Pong-v4").spec().repeatActionProbability(), Game.find("Pong-v4", rom, UnaryOperator.identity()).spec()
                .repeatActionProbability());
    }
}
