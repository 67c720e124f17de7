package org.atarisaliency.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.env.internal.AleNative;

/**
 * Refuses files that are not ROMs ALE can run, before ALE loads them: ALE 0.7.3's {@code loadROM}
 * prints raw emulator lines and ends the whole process on a file it cannot use. A ROM passes when it
 * is a regular file of 2-512 KiB whose md5 ALE knows ({@code ALEInterface.isSupportedROM}, the
 * table ALE itself identifies games by; ale-py likewise refuses ROMs whose md5 differs).
 */
public final class RomCheck {

    static final long MIN_BYTES = 2 << 10, MAX_BYTES = 512 << 10;
    private static final String FIX = "; pass a ROM from ale-py, or let the game id find it";

    private RomCheck() {
    }

    /**
     * Checks a ROM file.
     *
     * @return the ALE game name of the ROM
     * @throws RomNotFoundException  the file does not exist
     * @throws NotARomException      the file exists but is not a ROM ALE supports
     */
    public static String check(Path rom) {
        if (!Files.exists(rom)) {
            throw new RomNotFoundException("ROM file not found: " + rom + "; " + RomLocator.INSTALL_HINT);
        }
        if (!Files.isRegularFile(rom)) {
            throw new NotARomException(rom + " is not an Atari 2600 ROM (" + (Files.isDirectory(rom) ? "a directory" : "not a regular file")
                    + ")" + FIX);
        }
        long size;
        try {
            size = Files.size(rom);
        } catch (IOException e) {
            throw new RomNotFoundException("cannot read ROM " + rom + ": " + e.getMessage());
        }
        if (size < MIN_BYTES || size > MAX_BYTES) {
            throw new NotARomException(rom + " is not an Atari 2600 ROM (" + size + " bytes; ROMs are 2-64 KiB .bin files)" + FIX);
        }
        String game = AleNative.supportedRom(rom.toAbsolutePath().toString());
        if (game == null) {
            throw new NotARomException(rom + " is not an Atari 2600 ROM that ALE 0.7.3 supports (" + size + " bytes, md5 "
                    + AtariEnv.md5(rom) + " is none of its games)" + FIX);
        }
        return game;
    }
}
