package org.atarisaliency.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker command line that the Slurm script and the Kubernetes manifest both render. */
class WorkerCommandTest {
    @Test
    void thisJvmRunsTheSameJavaClasspathAndHomeWithAbsolutePaths() {
        String home = System.getProperty("atari.home"), cp = System.getProperty("atari.classpath");
        try {
            System.setProperty("atari.home", "checkout/.");
            System.setProperty("atari.classpath", "cli.jar" + java.io.File.pathSeparator + "lib/*");
            Path cwd = Path.of("").toAbsolutePath();
            assertEquals(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Datari.home=" + cwd.resolve("checkout"), "-cp",
                    cwd.resolve("cli.jar") + java.io.File.pathSeparator + cwd.resolve("lib") + "/*", "x.Main"), WorkerCommand.thisJvm("x.Main"));
        } finally {
            restore("atari.home", home);
            restore("atari.classpath", cp);
        }
    }

    @Test
    void eachTaskRunsOneOpenMpThreadThatDoesNotSpin() {
        Map<String, String> env = WorkerCommand.environment();
        assertEquals("1", env.get("OMP_NUM_THREADS"));
        assertEquals("PASSIVE", env.get("OMP_WAIT_POLICY"));
        assertEquals(System.getenv("ATARI_ROMS_DIR"), env.get("ATARI_ROMS_DIR"));
    }

    @Test
    void bothBackendsRunTheSameRunJobOptions() {
        assertEquals(List.of("run-job", "S", "--out", "O", "--quiet"), WorkerCommand.runJob("S", "O"));
        assertEquals(List.of("run-job", "--index", "I", "--task", "T", "--out", "O", "--quiet"), WorkerCommand.runIndexedJob("I", "T", "O"));
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
