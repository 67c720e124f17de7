package org.atarisaliency.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds Atari ROM files. Order: an explicit {@code --rom FILE}; {@code $ATARI_ROMS_DIR}; the
 * project-local ale-py ({@code <home>/.deps/python/ale_py/roms}, installed by the set-up); any
 * {@code ale_py} importable by {@code python3}.
 */
public final class RomLocator {

    /** How to install ROMs, quoted in every "not found" message. */
    public static final String INSTALL_HINT = "install ROMs with: pip install --target .deps/python ale-py (or set ATARI_ROMS_DIR to a folder of <game>.bin files, or pass the ROM file itself)";

    private final Path explicitRom;
    private final List<Path> dirs = new ArrayList<>();
    private final List<String> places = new ArrayList<>();
    private final boolean askPython;
    private boolean pythonAsked;

    /**
     * @param explicitRom  a ROM file given by the user, or null
     * @param romsDirEnv   the value of $ATARI_ROMS_DIR, or null
     * @param projectHome  the project folder holding .deps/, or null
     * @param askPython    whether to ask python3 for an importable ale_py as a last resort
     */
    public RomLocator(Path explicitRom, String romsDirEnv, Path projectHome, boolean askPython) {
        this.explicitRom = explicitRom;
        if (romsDirEnv != null && !romsDirEnv.isBlank()) {
            addDir(Path.of(romsDirEnv), "$ATARI_ROMS_DIR=" + romsDirEnv);
        }
        if (projectHome != null) {
            addDir(projectHome.resolve(".deps/python/ale_py/roms"), null);
        }
        this.askPython = askPython;
    }

    /** The standard locator: $ATARI_ROMS_DIR, system property {@code atari.home} (set by the launcher), python3. */
    public static RomLocator standard(Path explicitRom) {
        String home = System.getProperty("atari.home");
        return new RomLocator(explicitRom, System.getenv("ATARI_ROMS_DIR"), home == null ? null : Path.of(home), true);
    }

    private void addDir(Path dir, String label) {
        dirs.add(dir);
        places.add(label == null ? dir.toString() : label);
    }

    /** Finds the ROM file for an ALE ROM name (file stem); an explicit ROM must pass {@link RomCheck}. */
    public Path find(String romName) {
        if (explicitRom != null) {
            if (!Files.exists(explicitRom)) {
                throw new RomNotFoundException("ROM file not found: " + explicitRom + "; check the path");
            }
            RomCheck.check(explicitRom);
            return explicitRom;
        }
        for (Path dir : searchDirs()) {
            for (String ext : new String[] {".bin", ".a26"}) {
                Path p = dir.resolve(romName + ext);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new RomNotFoundException("no ROM for '" + romName + "'; looked in " + String.join(", ", places) + "; " + INSTALL_HINT);
    }

    /** ROM names (file stems) available in the search folders, sorted. */
    public List<String> availableRoms() {
        TreeSet<String> names = new TreeSet<>();
        if (explicitRom != null) {
            names.add(stem(explicitRom));
        }
        for (Path dir : searchDirs()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin") || n.endsWith(".a26"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 4)));
            } catch (IOException e) {
                // an unreadable folder simply contributes no names
            }
        }
        return new ArrayList<>(names);
    }

    /** ROM name of a file path: its stem. */
    public static String stem(Path rom) {
        String n = rom.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private synchronized List<Path> searchDirs() {
        boolean anyExists = dirs.stream().anyMatch(Files::isDirectory);
        if (!anyExists && askPython && !pythonAsked) {
            pythonAsked = true;
            Path p = pythonAleRoms();
            places.add("python3's ale_py" + (p == null ? " (not importable)" : " (" + p + ")"));
            if (p != null) {
                dirs.add(p);
            }
        } else if (!anyExists && !askPython && !places.contains("python3 (not asked)")) {
            places.add("python3 (not asked)");
        }
        return dirs;
    }

    private static Path pythonAleRoms() {
        try {
            Process proc = new ProcessBuilder("python3", "-c",
                    "import os, ale_py; print(os.path.join(os.path.dirname(ale_py.__file__), 'roms'))")
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = proc.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!proc.waitFor(20, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                return null;
            }
            if (proc.exitValue() != 0 || out.isEmpty()) {
                return null;
            }
            Path p = Path.of(out);
            return Files.isDirectory(p) ? p : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
