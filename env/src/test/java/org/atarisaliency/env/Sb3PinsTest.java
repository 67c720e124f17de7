package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One Stable-Baselines3 version across the project: both requirement files that install it and the README. */
class Sb3PinsTest {
    private static String pin(String file, String pkg) throws IOException {
        Path p = TestRoms.projectRoot().resolve(file);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(pkg) + "==(\\S+)$").matcher(Files.readString(p));
        assertTrue(m.find(), pkg + " is not pinned in " + file);
        return m.group(1);
    }

    @Test
    void everyFilePinsTheSameSb3() throws IOException {
        String sb3 = pin("agents/src/test/python/sb3-torch-requirements.txt", "stable-baselines3");
        assertEquals(sb3, pin("env/src/test/python/sb3-requirements.txt", "stable-baselines3"));
        String readme = Files.readString(TestRoms.projectRoot().resolve("README.md"));
        Matcher named = Pattern.compile("(?:SB3|Stable-Baselines3|stable-baselines3)[ =]+(\\d+\\.\\d+\\.\\d+)").matcher(readme);
        int n = 0;
        while (named.find()) {
            assertEquals(sb3, named.group(1), "README names another SB3 version: " + named.group());
            n++;
        }
        assertTrue(n > 0, "README names the SB3 version");
    }
}
