package org.atarisaliency.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.Agents;

/** The provenance every output carries (run.json): agent checksum, versions, machine. */
final class Provenance {
    private Provenance() {
    }

    /** Agent, software and machine facts. */
    static Map<String, Object> base(Path agent) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "atari-saliency " + Main.version());
        m.put("created", Instant.now().toString());
        m.put("agent", agent.toString());
        m.put("agent_sha256", Agents.sha256(agent));
        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put("java", System.getProperty("java.version"));
        sys.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        sys.put("arch", System.getProperty("os.arch"));
        sys.put("cores", Runtime.getRuntime().availableProcessors());
        sys.put("nd4j", "1.0.0-M2.1");
        sys.put("ale", "0.7.3");
        m.put("system", sys);
        return m;
    }

    /** Writes JSON atomically: a temp file in the same folder, then a rename. */
    static void writeJson(Path file, Object value) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, Json.write(value) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
