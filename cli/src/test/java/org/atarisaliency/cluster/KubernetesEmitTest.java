package org.atarisaliency.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --emit k8s} from a folder with a hostile path: each pod's arguments, as Kubernetes expands them, run its job. */
class KubernetesEmitTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void findRoms() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void thePodsArgumentsRunTheirJobFromAHostileFolder() throws Exception {
        Path cfg = tmp.resolve("one.yaml");
        Files.writeString(cfg, "experiment: one\nagents:\n  - {label: pong, file: " + TestRoms.projectRoot().resolve("models/pong.pt")
                + ", game: Pong-v4}\nseeds: [0]\nframes: [{start: 10, count: 2}]\nmethods: [jacobian]\noutputs: {maps: true}\n");
        Path out = tmp.resolve(HostilePathTest.HOSTILE);
        SlurmRunTest.Run emit = SlurmRunTest.cli("run", cfg.toString(), "--emit", "k8s", "--pvc", "runs", "--out", out.toString());
        assertEquals(0, emit.exit(), emit.err());
        Path run = out.resolve("one");
        Map<String, Object> container = HostilePathTest.container(Files.readString(run.resolve("k8s/job.yaml")));
        @SuppressWarnings("unchecked")
        String[] args = ((List<String>) container.get("args")).stream()
                .map(a -> HostilePathTest.kubernetesExpansion(a, Map.of("JOB_COMPLETION_INDEX", "0"))).toArray(String[]::new);
        SlurmRunTest.Run pod = SlurmRunTest.cli(args);
        assertEquals(0, pod.exit(), pod.err());
        String job = Files.readAllLines(run.resolve("k8s/jobs.txt")).get(0);
        assertTrue(Files.isRegularFile(run.resolve(job).resolve("status.json")), pod.out());
        assertFalse(Files.exists(Path.of("pwned")) || Files.exists(tmp.resolve("pwned")), "nothing in the path ran");
        SlurmRunTest.Run beyond = SlurmRunTest.cli("run-job", "--index", run.resolve("k8s/jobs.txt").toString(), "--task", "1", "--out", run.toString());
        assertEquals(2, beyond.exit(), beyond.err());
        assertTrue(beyond.err().startsWith("error: --task must be in 0..0"), beyond.err());
    }
}
