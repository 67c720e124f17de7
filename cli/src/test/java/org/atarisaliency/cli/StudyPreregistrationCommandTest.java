package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code study preregistration}: writes the draft, refuses a bad YAML in one line and an existing file without --force. */
class StudyPreregistrationCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void writesTheDraftRefusesABadYamlAndKeepsAnExistingFileWithoutForce() throws Exception {
        Path root = TestRoms.projectRoot();
        String yaml = Files.readString(root.resolve("examples/study-paper.yaml")).replace("../models/", root.resolve("models") + "/");
        Path study = Files.writeString(tmp.resolve("s.yaml"), yaml);
        Path out = tmp.resolve("prereg.md");
        CliTest.Run ok = CliTest.run("study", "preregistration", study.toString(), "--out", out.toString());
        assertEquals(ExitCodes.OK, ok.code(), ok.err());
        assertTrue(Files.readString(out).startsWith("# Preregistration (DRAFT)"), ok.out());

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), yaml.replace("attention_checks_failed: 1 ", "attention_checks_failed: lots "));
        CliTest.Run badRun = CliTest.run("study", "preregistration", bad.toString(), "--out", tmp.resolve("other.md").toString());
        assertEquals(ExitCodes.BAD_INPUT, badRun.code(), badRun.out() + badRun.err());
        assertEquals(1, badRun.err().strip().lines().count(), badRun.err());
        int line = yaml.substring(0, yaml.indexOf("attention_checks_failed: 1 ")).split("\n", -1).length;
        assertTrue(badRun.err().contains("bad.yaml:" + line + ": exclusions.attention_checks_failed: must be an integer"), badRun.err());
        assertTrue(Files.notExists(tmp.resolve("other.md")));

        Files.writeString(out, "my notes\n");
        CliTest.Run exists = CliTest.run("study", "preregistration", study.toString(), "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, exists.code(), exists.out() + exists.err());
        assertTrue(exists.err().contains("already exists; choose another --out or add --force"), exists.err());
        assertEquals("my notes\n", Files.readString(out), "an existing file is kept");
        CliTest.Run forced = CliTest.run("study", "preregistration", study.toString(), "--out", out.toString(), "--force");
        assertEquals(ExitCodes.OK, forced.code(), forced.err());
        assertTrue(Files.readString(out).contains("## 4. Exclusion rules"));
        try (var s = Files.list(tmp)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temporary file is left");
        }
    }
}
