package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code games --variants} lists each game's variants; {@code --variant} plays them, and refuses a name the game lacks in one line. */
class GameVariantsCommandTest {
    static Path pong;

    @BeforeAll
    static void setUp() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        pong = TestRoms.projectRoot().resolve("models/pong.pt");
    }

    @Test
    void gamesListsEachGamesVariantsWithWhatWasVerified() {
        CliTest.Run r = CliTest.run("games", "--variants");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String out = r.out();
        for (String needle : new String[] {"pong:", "  lazy_enemy: ", "  frozen_enemy: ", "  hidden_enemy: ", "  straight_ball: ",
                "    verified: PongVariantsTest", "breakout:", "  small_paddle: ", "  hidden_paddle_ball: ", "    verified: BreakoutVariantsTest",
                "space_invaders:", "  no_enemy_fire: ", "  no_shields: ", "    verified: SpaceInvadersVariantsTest"}) {
            assertTrue(out.contains(needle), "'" + needle + "' not in:\n" + out);
        }
    }

    @Test
    void anUnknownVariantOrAGameWithoutItIsOneLine() {
        CliTest.refused(CliTest.run("evaluate", "--agent", pong.toString(), "--game", "pong", "--episodes", "1", "--variant", "lazy_ball"),
                "--variant", "lazy_ball", "lazy_enemy");
        CliTest.refused(CliTest.run("evaluate", "--agent", pong.toString(), "--game", "breakout", "--episodes", "1", "--variant", "lazy_enemy"),
                "--variant", "not a variant of breakout", "breakout's variants: small_paddle, hidden_paddle_ball");
    }

    private static double mean(CliTest.Run r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"mean\"\\s*:\\s*(-?[0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    /** The variant is played and recorded: the frozen enemy returns no ball, so the bundled Pong agent scores more than without it. */
    @Test
    void evaluatePlaysAndRecordsTheVariant() {
        CliTest.Run plain = CliTest.run("evaluate", "--agent", pong.toString(), "--game", "pong", "--episodes", "1", "--max-steps", "400",
                "--json");
        CliTest.Run hidden = CliTest.run("evaluate", "--agent", pong.toString(), "--game", "pong", "--episodes", "1", "--max-steps", "400",
                "--variant", "hidden_enemy", "--json");
        assertEquals(ExitCodes.OK, hidden.code(), hidden.err());
        assertTrue(plain.out().contains("\"variant\" : \"none\"") || plain.out().contains("\"variant\": \"none\""), plain.out());
        assertTrue(hidden.out().contains("hidden_enemy"), hidden.out());
        assertTrue(mean(hidden) > mean(plain), "hidden enemy " + mean(hidden) + ", published game " + mean(plain));
    }
}
