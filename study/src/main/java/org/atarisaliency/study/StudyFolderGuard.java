package org.atarisaliency.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.atarisaliency.experiment.ConfigException;
import org.atarisaliency.study.server.StudyDatabase;

/**
 * Decides whether a rebuild may replace an existing study folder: only a folder that holds nothing but what
 * a build wrote (the files listed in its checksums.sha256) and, at most, a default database without any
 * participant. Collected data (a database with participants, an export, any other file) is never replaced.
 */
final class StudyFolderGuard {
    /** The checksums file a build writes last; its list is what the build wrote. */
    static final String CHECKSUMS = "checksums.sha256";
    /** The default database of {@code study serve} and SQLite's companions of it. */
    private static final List<String> DATABASE_FILES = List.of("study.sqlite", "study.sqlite-wal", "study.sqlite-shm", "study.sqlite-journal");

    private StudyFolderGuard() {
    }

    /** Throws a one-line {@link ConfigException} unless {@code out} may be replaced by a new build. */
    static void checkReplaceable(Path out) throws IOException {
        if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw ConfigException.naming("%s exists and is not a study folder; refusing to replace it (choose another {out})", out);
        }
        if (isEmpty(out)) {
            return;
        }
        Path list = out.resolve(CHECKSUMS);
        if (!Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
            throw ConfigException.naming("%s was not written by study build (no " + CHECKSUMS + "); refusing to replace it (choose another {out})", out);
        }
        checkDatabaseIsEmpty(out);
        Optional<Path> foreign = firstForeignFile(out, builtFiles(list));
        if (foreign.isPresent()) {
            throw ConfigException.naming("%s was not written by study build; refusing to replace %s (move that file out of it, or choose another {out})",
                    foreign.get(), out);
        }
    }

    /** A default database with participants is collected data: refuse. */
    private static void checkDatabaseIsEmpty(Path out) throws IOException {
        Path db = out.resolve(DATABASE_FILES.get(0));
        String how = "; export it (study export) and move it out of %s, or build into another {out}";
        if (!Files.exists(db, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(out.resolve(DATABASE_FILES.get(1)), LinkOption.NOFOLLOW_LINKS)) {
                throw ConfigException.naming("%s may hold answers of a study database" + how, out.resolve(DATABASE_FILES.get(1)), out);
            }
            return;
        }
        int participants;
        try {
            participants = StudyDatabase.participantCount(db);
        } catch (IOException | RuntimeException e) {
            throw ConfigException.naming("%s cannot be read to check that it holds no answers (%s)" + how, db, e.getMessage(), out);
        }
        if (participants > 0) {
            throw ConfigException.naming("%s holds %s participant(s)' answers; refusing to replace the study" + how, db, participants, out);
        }
    }

    /** The relative paths checksums.sha256 lists (sha256sum's format: digest, two spaces, path). */
    private static Set<String> builtFiles(Path list) throws IOException {
        Set<String> built = new HashSet<>(DATABASE_FILES);
        built.add(CHECKSUMS);
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            int sep = line.indexOf("  ");
            if (sep > 0) {
                built.add(line.substring(sep + 2));
            }
        }
        return built;
    }

    private static Optional<Path> firstForeignFile(Path out, Set<String> built) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !built.contains(out.relativize(p).toString().replace('\\', '/')))
                    .sorted().findFirst();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
