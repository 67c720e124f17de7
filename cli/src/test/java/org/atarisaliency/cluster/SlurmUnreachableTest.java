package org.atarisaliency.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code status} while the Slurm controller cannot be reached (the real {@code scontrol} against a
 * slurm.conf whose controller is not running): the jobs only Slurm knows about are "unknown", never
 * pending, failed or cancelled, the reason is said once, and the exit code is 1.
 */
class SlurmUnreachableTest {
    @TempDir
    Path tmp;
    Path run;

    @BeforeEach
    void aRunWithOneSubmittedJobAndAControllerThatIsDown() throws Exception {
        Path conf = Files.writeString(tmp.resolve("slurm.conf"), "ClusterName=gone\nSlurmctldHost=localhost\nSlurmctldPort=1\n"
                + "AuthType=auth/none\nCredType=cred/none\nMessageTimeout=1\nTCPTimeout=1\n"
                + "NodeName=localhost CPUs=1 State=UNKNOWN\nPartitionName=debug Nodes=localhost Default=YES\n");
        System.setProperty("atari.slurm.conf", conf.toString());
        run = Files.createDirectories(tmp.resolve("runs/grid/slurm"));
        run = run.getParent();
        Files.writeString(run.resolve("slurm/submissions.json"), "{\"arrays\": [{\"array_job_id\": \"12\", \"submitted\": \"2026-01-01T00:00:00Z\","
                + " \"script\": \"slurm/array-0001.sbatch\", \"index\": \"slurm/array-0001.jobs\", \"tasks\": 1}]}\n");
        Files.writeString(run.resolve("manifest.json"), "{\"experiment\": \"grid\", \"status\": {\"submitted\": 1}, \"jobs\": [{\"id\": \"maps_a\","
                + " \"type\": \"maps\", \"spec_sha256\": \"abc\", \"status\": \"submitted\", \"slurm_array_job_id\": \"12\", \"slurm_array_task_id\": 0,"
                + " \"log\": \"slurm/logs/12_0.log\"}]}\n");
    }

    @AfterEach
    void forgetTheController() {
        System.clearProperty("atari.slurm.conf");
    }

    @Test
    void jobsOnlySlurmKnowsAreUnknownAndStatusSaysWhy() throws Exception {
        SlurmRunTest.Run human = SlurmRunTest.cli("status", run.toString());
        assertEquals(1, human.exit(), human.out() + human.err());
        assertTrue(human.out().contains("1 jobs: 1 unknown"), human.out());
        assertTrue(human.out().contains("Slurm could not be reached ("), human.out());
        assertTrue(human.out().lines().anyMatch(l -> l.contains("unknown") && l.contains("maps_a") && l.contains("Slurm unreachable")), human.out());
        for (String guess : List.of("pending", "failed", "cancelled", "lost")) {
            assertFalse(human.out().lines().anyMatch(l -> l.startsWith("  ") && l.contains(guess)), guess + " in " + human.out());
        }
        SlurmRunTest.Run json = SlurmRunTest.cli("status", run.toString(), "--json");
        assertEquals(1, json.exit(), json.err());
        Map<?, ?> report = (Map<?, ?>) new Yaml().load(json.out());
        assertEquals(Map.of("unknown", 1), report.get("counts"));
        assertTrue(String.valueOf(report.get("slurm_error")).contains("scontrol"), json.out());
        SlurmRunTest.Run wait = SlurmRunTest.cli("status", run.toString(), "--wait", "--interval", "0.05", "--quiet");
        assertEquals(1, wait.exit(), wait.out() + wait.err());
        assertTrue(wait.out().contains("Slurm could not be reached"), wait.out());
    }
}
