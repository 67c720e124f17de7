package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.env.OutputFiles;
import org.yaml.snakeyaml.Yaml;

/**
 * A run folder's resume saves, replaced crash-safely. A save is written into a hidden folder
 * ".resume-NNN", every file is flushed to disk, and complete.json (each file's size and sha256, and
 * the update count) is written last: a folder without a valid complete.json is not a save. The
 * sealed folder then takes the place of resume/ (the old one is renamed aside to ".old-resume-NNN"
 * first and deleted after), so at every instant one complete save can be found: in resume/, or in
 * a leftover of a save killed mid-swap. {@link #recover()} puts the newest complete save back in
 * resume/ and removes every leftover.
 */
final class ResumeSaves {
    static final String RESUME = "resume";
    static final String COMPLETE = "complete.json";
    private static final String PARTIAL_PREFIX = ".resume-";
    private static final String OLD_PREFIX = ".old-resume-";

    /** Points of a save where a test may stop it, as a crash would. */
    enum Step { SEALED, OLD_MOVED_ASIDE, NEW_IN_PLACE }

    /** Called at each {@link Step} of a save (a test throws there to simulate a crash). */
    interface StepHook {
        void reached(Step step) throws IOException;
    }

    private final Path dir;
    private final StepHook hook;

    ResumeSaves(Path dir, StepHook hook) {
        this.dir = dir;
        this.hook = hook;
    }

    /** The resume folder. */
    Path current() {
        return dir.resolve(RESUME);
    }

    /** A new, empty folder to write a save into (deleted at shutdown until it is sealed). */
    Path begin() throws IOException {
        return OutputFiles.tempFolder(dir, PARTIAL_PREFIX);
    }

    /**
     * Seals the filled folder {@code save} (written by {@link #begin()}) and puts it in place of
     * resume/. When this throws, the newest complete save is still in resume/ or a leftover.
     */
    void commit(Path save, long updates) throws IOException {
        seal(save, updates);
        OutputFiles.released(save);
        hook.reached(Step.SEALED);
        Path target = current();
        Path old = null;
        if (Files.exists(target)) {
            old = dir.resolve(OLD_PREFIX + save.getFileName().toString().substring(PARTIAL_PREFIX.length()));
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            hook.reached(Step.OLD_MOVED_ASIDE);
        }
        Files.move(save, target, StandardCopyOption.ATOMIC_MOVE);
        syncFolder(dir);
        hook.reached(Step.NEW_IN_PLACE);
        if (old != null) {
            OutputFiles.deleteTree(old);
        }
    }

    /** Whether the folder holds a save: resume/ (complete or damaged) or a complete one left by a save that was killed. */
    boolean exists() throws IOException {
        return Files.isDirectory(current()) || newest() != null;
    }

    /**
     * Puts the newest complete save in resume/ and deletes every leftover (partial saves, old saves);
     * returns whether there is a save. A damaged resume/ with no complete save beside it is refused
     * (a {@link CheckpointException} naming the damaged file), never silently dropped.
     */
    boolean recover() throws IOException {
        Path best = newest();
        if (best == null && Files.isDirectory(current())) {
            throw new CheckpointException(check(current()).problem() + "; the run cannot be continued from it: train into another"
                    + " folder, or delete " + current() + " to start this run over");
        }
        if (best != null && !best.equals(current())) {
            Path aside = null;
            if (Files.exists(current())) {
                aside = OutputFiles.tempFolder(dir, OLD_PREFIX);
                Files.delete(aside);
                Files.move(current(), aside, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(best, current(), StandardCopyOption.ATOMIC_MOVE);
            syncFolder(dir);
            if (aside != null) {
                OutputFiles.deleteTree(aside);
                OutputFiles.released(aside);
            }
        }
        for (Path p : leftovers()) {
            OutputFiles.deleteTree(p);
        }
        return best != null;
    }

    /** The newest complete save, or null: the most updates, resume/ first among equals. */
    private Path newest() throws IOException {
        Path best = null;
        long bestUpdates = -1;
        List<Path> candidates = new ArrayList<>();
        candidates.add(current());
        candidates.addAll(leftovers());
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                Verdict v = check(p);
                if (v.complete() && v.updates() > bestUpdates) {
                    best = p;
                    bestUpdates = v.updates();
                }
            }
        }
        return best;
    }

    /** Hidden folders that saves leave behind: partial or sealed new ones and old ones moved aside. */
    private List<Path> leftovers() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isDirectory(p) && (n.startsWith(PARTIAL_PREFIX) || n.startsWith(OLD_PREFIX));
            }).sorted().toList();
        }
    }

    /** What a folder holds: a complete save of {@code updates} updates, or not ({@code problem} says why). */
    record Verdict(long updates, String problem) {
        boolean complete() {
            return problem == null;
        }
    }

    /**
     * Checks {@code folder}: complete when complete.json is valid and every file it lists has the
     * recorded sha256. A resume/ written before saves were sealed (a trainer.json, no complete.json)
     * counts as complete with 0 updates: it was renamed into place whole.
     */
    static Verdict check(Path folder) throws IOException {
        Path manifest = folder.resolve(COMPLETE);
        if (!Files.isRegularFile(manifest)) {
            boolean legacy = folder.getFileName().toString().equals(RESUME) && Files.isRegularFile(folder.resolve("trainer.json"));
            return legacy ? new Verdict(0, null) : new Verdict(-1, manifest + " is missing (the save did not finish)");
        }
        Object o;
        try {
            o = new Yaml().load(Files.readString(manifest, StandardCharsets.UTF_8));
        } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
            o = null;
        }
        if (!(o instanceof Map<?, ?> m) || !(m.get("updates") instanceof Number u) || !(m.get("files") instanceof Map<?, ?> files)) {
            return new Verdict(-1, manifest + " is damaged");
        }
        for (Map.Entry<?, ?> f : files.entrySet()) {
            Path file = folder.resolve(String.valueOf(f.getKey())).normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                return new Verdict(-1, file + " is missing");
            }
            if (!Agents.sha256(file).equals(String.valueOf(f.getValue()))) {
                return new Verdict(-1, file + " is damaged (it differs from what was saved)");
            }
        }
        return new Verdict(u.longValue(), null);
    }

    /** Flushes every file of {@code save} to disk, then writes complete.json (flushed too) last. */
    private static void seal(Path save, long updates) throws IOException {
        Map<String, Object> files = new LinkedHashMap<>();
        List<Path> all;
        try (Stream<Path> s = Files.walk(save)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : all) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                ch.force(true);
            }
            files.put(save.relativize(f).toString().replace('\\', '/'), Agents.sha256(f));
        }
        for (Path d : folders(save)) {
            syncFolder(d);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("updates", updates);
        manifest.put("files", files);
        Path m = save.resolve(COMPLETE);
        Provenance.writeJson(m, manifest);
        try (FileChannel ch = FileChannel.open(m, StandardOpenOption.READ)) {
            ch.force(true);
        }
        syncFolder(save);
    }

    private static List<Path> folders(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    /** Flushes a folder's entries (renames) to disk, where the platform allows it. */
    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every platform can open a folder; the renames are still atomic
        }
    }
}
