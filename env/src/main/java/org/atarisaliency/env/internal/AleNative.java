package org.atarisaliency.env.internal;

import org.bytedeco.ale.ALEInterface;
import org.bytedeco.ale.StringOptional;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * Loads the ALE native library once and silences its logger.
 *
 * <p>ALE 0.7 prints a banner ("A.L.E: Arcade Learning Environment ...") and ROM details on stderr
 * for every instance through its own {@code ale::Logger}, whose mode the JavaCPP preset does not
 * map. We set that mode to {@code Error} (2) by writing ALE's exported global
 * {@code ale::Logger::current_mode}, found with {@link Loader#addressof}: informational messages
 * are then dropped at the source, while real errors still reach stderr.
 */
public final class AleNative {

    private static final String LOGGER_MODE_SYMBOL = "_ZN3ale6Logger12current_modeE";
    private static final int LOGGER_MODE_ERROR = 2;
    private static boolean loaded;
    private static boolean silenced;

    private AleNative() {
    }

    /** Loads the library and silences the logger; safe to call many times. */
    public static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        Loader.load(ALEInterface.class);
        Pointer p = Loader.addressof(LOGGER_MODE_SYMBOL);
        if (p != null && !p.isNull()) {
            new IntPointer(p).put(LOGGER_MODE_ERROR);
            silenced = true;
        }
        loaded = true;
    }

    /** Whether the ALE banner could be silenced (false only if the symbol was not found). */
    public static synchronized boolean silenced() {
        ensureLoaded();
        return silenced;
    }

    /**
     * The game ALE identifies a ROM file as by its md5 ({@code ALEInterface::isSupportedROM}, which
     * only reads the file and prints nothing), or null when ALE knows no game with that md5.
     */
    public static String supportedRom(String romFile) {
        ensureLoaded();
        try (StringOptional game = ALEInterface.isSupportedROM(romFile)) {
            return game.get().getString();
        } catch (RuntimeException e) {
            // an empty std::optional: get() throws bad_optional_access, mapped to RuntimeException
            return null;
        }
    }

    /** Creates an ALE instance; construction is serialised because ALE's start-up touches globals. */
    public static synchronized ALEInterface newInterface() {
        ensureLoaded();
        return new ALEInterface();
    }
}
