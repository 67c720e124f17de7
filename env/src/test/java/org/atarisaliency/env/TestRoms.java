package org.atarisaliency.env;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project folder and its ROMs for tests; fails (never skips) when the set-up was not run. */
public final class TestRoms {
    private TestRoms() {
    }

    /** The project root: system property atari.project, else walk up to the folder with env/ and pom.xml. */
    public static Path projectRoot() {
        String p = System.getProperty("atari.project");
        if (p != null && Files.isDirectory(Path.of(p, "env"))) {
            return Path.of(p);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("env")) && Files.exists(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A locator over the project-local ale-py ROMs only. */
    public static RomLocator locator() {
        return new RomLocator(null, null, projectRoot(), false);
    }

    /** The ROM file of a game; fails with the set-up hint when missing. */
    public static Path rom(String name) {
        return locator().find(name);
    }
}
