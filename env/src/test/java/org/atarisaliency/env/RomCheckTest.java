package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not ROMs ALE can run are refused with one line before ALE (which would end the process) sees them. */
class RomCheckTest {

    /** ale-py 0.12 ROMs of games added to ALE after 0.7.3: refused cleanly instead of ending the process. */
    private static final Set<String> NEWER_THAN_ALE_0_7_3 = Set.of("combat", "joust", "maze_craze", "warlords");

    @TempDir
    Path tmp;

    private static String refused(Path f) {
        NotARomException e = assertThrows(NotARomException.class,
                () -> AtariEnv.open(GameIds.resolve("pong", List.of()), f, 0, 0));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + " is not an Atari 2600 ROM"), m);
        assertTrue(m.endsWith("; pass a ROM from ale-py, or let the game id find it"), m);
        assertFalse(m.contains("\n"), m);
        assertEquals(m, assertThrows(NotARomException.class, () -> new RomLocator(f, null, null, false).find("pong")).getMessage());
        return m;
    }

    @Test
    void badFilesAreRefusedWithOneLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello world\n", StandardCharsets.US_ASCII);
        assertTrue(refused(text).contains("(12 bytes; ROMs are 2-64 KiB .bin files)"));
        assertTrue(refused(Files.write(tmp.resolve("empty.bin"), new byte[0])).contains("(0 bytes;"));
        assertTrue(refused(Files.write(tmp.resolve("huge.bin"), new byte[1 << 20])).contains("(1048576 bytes;"));
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path random = Files.write(tmp.resolve("random.bin"), noise);
        String m = refused(random);
        assertTrue(m.contains("that ALE 0.7.3 supports (4096 bytes, md5 " + AtariEnv.md5(random) + " is none of its games)"), m);
        assertTrue(refused(Files.createDirectory(tmp.resolve("dir.bin"))).contains("(a directory)"));
    }

    @Test
    void missingFilesKeepTheirMessage() {
        RomNotFoundException e = assertThrows(RomNotFoundException.class,
                () -> AtariEnv.open(GameIds.resolve("pong", List.of()), tmp.resolve("none.bin"), 0, 0));
        assertFalse(e instanceof NotARomException);
        assertTrue(e.getMessage().startsWith("ROM file not found: "), e.getMessage());
    }

    /** Every ROM ale-py ships passes and opens, except the games ALE 0.7.3 does not have. */
    @Test
    void everyAlePyRomOpens() throws Exception {
        Path dir = TestRoms.projectRoot().resolve(".deps/python/ale_py/roms");
        List<Path> roms;
        try (Stream<Path> s = Files.list(dir)) {
            roms = s.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        assertTrue(roms.size() >= 100, "ale-py ROMs missing in " + dir);
        List<String> refused = new ArrayList<>();
        for (Path rom : roms) {
            String name = RomLocator.stem(rom);
            if (NEWER_THAN_ALE_0_7_3.contains(name)) {
                refused(rom);
                refused.add(name);
                continue;
            }
            String game = RomCheck.check(rom);
            assertEquals(name, name.equals("video_chess") || name.equals("video_cube") ? "video_" + game.substring(5) : game);
            try (AtariEnv env = AtariEnv.open(GameIds.resolve(name, List.of()), rom, 0, 0)) {
                assertTrue(env.actionCount() > 0, name);
                env.step(0);
            }
        }
        assertEquals(NEWER_THAN_ALE_0_7_3.size(), refused.size(), refused.toString());
    }
}
