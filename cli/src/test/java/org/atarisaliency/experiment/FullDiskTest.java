package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.cli.ExitCodes;
import org.atarisaliency.cli.Main;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails for want of space names the file it was writing, in one line, exit code 1. */
class FullDiskTest {
    @TempDir
    Path tmp;

    @Test
    void aStreamWriteThatFailsNamesTheFile() {
        // what a full disk throws from a stream write: a plain IOException that names no file
        IOException plain = new IOException("No space left on device");
        Path target = tmp.resolve("run/manifest.json");
        IOException named = OutputFiles.naming(target, plain);
        assertEquals(target + ": No space left on device", ExitCodes.message(named));
        assertEquals(1, ExitCodes.of(named));
    }

    @Test
    void aRunOnAFullDiskSaysWhichFileInOneLine() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("tiny"));
        Assumptions.assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()) == 0, "cannot mount a tmpfs here (not root?)");
        try {
            System.setProperty("atari.home", TestRoms.projectRoot().toString());
            Path cfg = tmp.resolve("one.yaml");
            Files.writeString(cfg, "experiment: one\nagents:\n  - {label: pong, file: " + TestRoms.projectRoot().resolve("models/pong.pt")
                    + ", game: Pong-v4}\nseeds: [0]\nframes: [{start: 10, count: 2}]\nmethods: [jacobian]\noutputs: {maps: true}\n");
            // fill the disk but for a few bytes: the folders fit, the manifest does not
            try (var out = Files.newOutputStream(disk.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                }
            } catch (IOException full) {
                // full
            }
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new String[] {"run", cfg.toString(), "--out", disk.toString(), "--quiet"}, new PrintWriter(out, true),
                    new PrintWriter(err, true));
            String e = err.toString().strip();
            assertEquals(1, code, e);
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.startsWith("error: " + disk.resolve("one")) && e.endsWith(": No space left on device"), e);
        } finally {
            exec("umount", disk.toString());
        }
    }

    private static int exec(String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
