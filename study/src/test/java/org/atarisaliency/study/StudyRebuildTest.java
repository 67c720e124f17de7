package org.atarisaliency.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.atarisaliency.experiment.ConfigException;
import org.atarisaliency.study.server.StudyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code study build --force}: replaces only what a build wrote, never collected data; stale partial folders are removed. */
class StudyRebuildTest {
    @TempDir
    Path dir;

    private StudyConfig tiny() throws Exception {
        String yaml = Files.readString(StudyConfigTest.EXAMPLE)
                .replace("../models/", StudyConfigTest.ROOT.resolve("models") + "/")
                .replace("frames: 300, start: 60, fps: 20, scale: 3", "frames: 3, start: 5, fps: 20, scale: 1");
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, yaml);
        return StudyConfig.load(f);
    }

    private static StudyBuild.Result build(StudyConfig c, Path out, boolean force, List<String> notes) throws Exception {
        return StudyBuild.build(c, out, force, new StudyBuild.Listener() {
            @Override
            public void onClip(int index, int total, String name, int frame, int frames) {
            }

            @Override
            public void onNote(String line) {
                notes.add(line);
            }
        });
    }

    @Test
    void forceNeverDeletesCollectedDataAndReplacesOnlyWhatABuildWrote() throws Exception {
        StudyConfig c = tiny();
        Path out = dir.resolve("built");
        build(c, out, false, new ArrayList<>());
        Path db = out.resolve("study.sqlite");
        try (StudyServer.Running server = StudyServer.start(out, db, "127.0.0.1", 0, null)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> landing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String token = landing.body().replaceAll("(?s).*name=\"start\" value=\"([^\"]+)\".*", "$1");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/start"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("start=" + token + "&action=start")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, r.statusCode(), "a new participant is sent to their first page");
        }
        ConfigException withAnswers = assertThrows(ConfigException.class, () -> build(c, out, true, new ArrayList<>()));
        assertTrue(withAnswers.getMessage().startsWith(db + " holds 1 participant"), withAnswers.getMessage());
        assertTrue(withAnswers.getMessage().contains("study export"), withAnswers.getMessage());
        assertTrue(Files.isRegularFile(db) && Files.isRegularFile(out.resolve("study.json")), "the study and its database are kept");
        assertNoTemporaries();

        // an empty database (served, nobody came) goes with the old build
        for (String f : List.of("study.sqlite", "study.sqlite-wal", "study.sqlite-shm")) {
            Files.deleteIfExists(out.resolve(f));
        }
        StudyServer.start(out, db, "127.0.0.1", 0, null).close();
        assertTrue(Files.isRegularFile(db));
        build(c, out, true, new ArrayList<>());
        assertFalse(Files.exists(db), "the empty database was replaced with the rest of the old build");
        assertTrue(Files.isRegularFile(out.resolve("study.json")));

        // a file the build did not write (an export kept inside the study folder) is refused, by name
        Path export = Files.createDirectories(out.resolve("export")).resolve("answers.csv");
        Files.writeString(export, "participant\n");
        ConfigException foreign = assertThrows(ConfigException.class, () -> build(c, out, true, new ArrayList<>()));
        assertTrue(foreign.getMessage().startsWith(export + " was not written by study build"), foreign.getMessage());
        assertTrue(Files.isRegularFile(export));

        // a folder that merely holds a study.json is not a build
        Path unrelated = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(unrelated.resolve("study.json"), "{}");
        Files.writeString(unrelated.resolve("thesis.tex"), "precious");
        ConfigException notBuilt = assertThrows(ConfigException.class, () -> build(c, unrelated, true, new ArrayList<>()));
        assertTrue(notBuilt.getMessage().contains("was not written by study build"), notBuilt.getMessage());
        assertTrue(Files.isRegularFile(unrelated.resolve("thesis.tex")));
        assertNoTemporaries();
    }

    @Test
    void staleBuildFoldersOfDeadProcessesAreRemovedAndLiveOnesKept() throws Exception {
        StudyConfig c = tiny();
        Path dead = Files.createDirectories(dir.resolve("built.partial-" + Integer.MAX_VALUE + "-123").resolve("videos"));
        Files.writeString(dead.resolve("a.mp4"), "half");
        Path live = Files.createDirectories(dir.resolve("built.partial-" + ProcessHandle.current().pid() + "-456"));
        List<String> notes = new ArrayList<>();
        build(c, dir.resolve("built"), false, notes);
        assertFalse(Files.exists(dead.getParent()), "the folder of a process that is gone was removed");
        assertTrue(Files.isDirectory(live), "a running build's folder is kept");
        assertEquals(List.of("removed " + dead.getParent() + ", left by an interrupted build (process " + Integer.MAX_VALUE + " is gone)"), notes);
    }

    private void assertNoTemporaries() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.contains("partial") || n.startsWith(".")).toList());
        }
    }
}
