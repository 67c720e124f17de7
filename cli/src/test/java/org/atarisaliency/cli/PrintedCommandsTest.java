package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command the tool prints for the user to type next works as typed: the launcher's commands parse
 * against the command line's own spec (the launcher's {@code setup} takes --tests or --bench), and the
 * notebook command {@code study export} prints runs the study notebook on an export.
 */
class PrintedCommandsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    /** The words of a command as a POSIX shell splits them (single quotes only, as {@link Launcher#quote} writes). */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        boolean escaped = false;
        for (char c : command.toCharArray()) {
            if (escaped) {
                w = (w == null ? new StringBuilder() : w).append(c);
                escaped = false;
            } else if (c == '\\' && !quoted) {
                escaped = true;
            } else if (c == '\'') {
                quoted = !quoted;
                w = w == null ? new StringBuilder() : w;
            } else if (c == ' ' && !quoted) {
                if (w != null) {
                    out.add(w.toString());
                }
                w = null;
            } else {
                w = (w == null ? new StringBuilder() : w).append(c);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }

    /** Checks a printed launcher command: the launcher exists and its arguments parse. */
    static void assertLauncherCommand(String command) {
        List<String> w = words(command);
        Path launcher = Path.of(w.get(0)).isAbsolute() ? Path.of(w.get(0)) : Launcher.home().resolve(w.get(0));
        assertTrue(Files.isExecutable(launcher), "no launcher at " + launcher + ": " + command);
        assertArgumentsParse(command);
    }

    /** Checks that a printed launcher command's arguments parse (the launcher's setup, or the command line's spec). */
    static void assertArgumentsParse(String command) {
        List<String> w = words(command);
        List<String> args = w.subList(1, w.size());
        if (args.get(0).equals("setup")) {
            assertTrue(args.size() == 1 || args.size() == 2 && List.of("--tests", "--bench").contains(args.get(1)), command);
            return;
        }
        new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
    }

    @Test
    void quotingSurvivesTheShellSplit() {
        assertEquals(List.of("a b", "it's", "c"), words(Launcher.quote("a b") + " " + Launcher.quote("it's") + " c"));
    }

    @Test
    void theLauncherCommandsParse() {
        assertLauncherCommand(Launcher.command("study", "serve", tmp.resolve("a study")));
        assertLauncherCommand(Launcher.command("status", tmp.resolve("run"), "--wait"));
        assertLauncherCommand(Launcher.command("setup", "--tests"));
        // what `agents` prints without bundled agents
        String home = System.getProperty("atari.home");
        try {
            System.setProperty("atari.home", tmp.toString());
            CliTest.Run r = CliTest.run("agents");
            String printed = r.out().substring(r.out().indexOf("train one with: ") + 16, r.out().lastIndexOf(')'));
            assertTrue(printed.startsWith(Launcher.project("atari-saliency") + " "), printed);
            assertArgumentsParse(printed);
        } finally {
            System.setProperty("atari.home", home);
        }
    }

    @Test
    void theStudyNotebookCommandRunsAsPrinted() throws Exception {
        Path root = TestRoms.projectRoot();
        Path export = tmp.resolve("export");
        ProcessBuilder simulate = new ProcessBuilder("python3", root.resolve("notebooks/simulate_study.py").toString(), "--participants", "12",
                "--out", export.toString()).redirectErrorStream(true);
        simulate.environment().put("PYTHONPATH", root.resolve(".deps/notebooks").toString());
        Process sim = simulate.start();
        String simOut = new String(sim.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, sim.waitFor(), simOut);
        String command = Launcher.studyNotebook(export, export.resolve("analysis"));
        // typed into a shell in another folder than the checkout
        Process p = new ProcessBuilder("bash", "-c", command).directory(tmp.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command + "\n" + out);
        assertTrue(out.contains("user_study.ipynb") && out.contains("1 passed"), out);
        assertTrue(Files.isRegularFile(export.resolve("analysis/user_study.ipynb")), out);
        String executed = Files.readString(export.resolve("analysis/user_study.ipynb"));
        assertTrue(executed.contains("n before exclusions: 12 participants") && executed.contains("min_seconds_per_page")
                && executed.contains("agree with the export's included and excluded_by columns")
                && executed.contains("Every analysis below uses the "), "the notebook applies the export's exclusion rules and reports n");
        // an output line (a JSON string starting with it), not the cell's source, which prints it
        assertTrue(executed.contains("\"watched: clips.csv (at normal speed over at least 95% of each clip"),
                "the notebook judges watching by the server's measure (clips.csv), not by `ended` events");
    }
}
