package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value out of a declared setting's range, on each command whose options are generated from its pipeline's
 * declaration: one line naming the flag and the range, exit code 2, nothing written.
 */
class DeclaredRangeErrorsTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                // record and saliency took any finite memory scale; the grid's video job 0..10
                Arguments.of(List.of("record", "--agent", CliTest.pong(), "--game", "pong", "--frames", "2", "--memory-scale", "20",
                        "--out", "OUT/v.mp4"), "--memory-scale", "0..10"),
                Arguments.of(List.of("saliency", "--agent", CliTest.pong(), "--frame", "OUT/none.npy", "--memory-scale", "-1",
                        "--out", "OUT/maps"), "--memory-scale", "0..10"),
                // evaluate took any number of parallel episodes; the grid's evaluate job 1..256
                Arguments.of(List.of("evaluate", "--agent", CliTest.pong(), "--game", "pong", "--episodes", "1", "--max-steps", "1",
                        "--parallel", "300"), "--parallel", "1..256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRange")
    void isOneLineNamingTheFlagAndItsRange(List<String> command, String flag, String range) throws Exception {
        Path out = Files.createTempDirectory(tmp, "out");
        List<String> args = new ArrayList<>();
        for (String a : command) {
            args.add(a.replace("OUT", out.toString()));
        }
        args.add("--quiet");
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        String e = r.err().strip();
        assertEquals(ExitCodes.BAD_INPUT, r.code(), e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains(flag) && e.contains(range), e);
        assertFalse(e.contains("\tat "), e);
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
