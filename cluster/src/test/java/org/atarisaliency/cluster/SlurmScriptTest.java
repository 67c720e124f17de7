package org.atarisaliency.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.InvalidSettingException;
import org.junit.jupiter.api.Test;

class SlurmScriptTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void theArrayScriptMatchesItsGoldenFile() throws Exception {
        SlurmBackend.Options o = new SlurmBackend.Options("short", "01:30:00", 2, "4G", 8, List.of("--account=lab", "--qos=normal"),
                List.of("/opt/java/bin/java", "-Datari.home=/shared/atari-saliency", "-cp", "/shared/atari-saliency/cli.jar:/shared/lib/*",
                        "org.atarisaliency.cli.Main"), Map.of("OMP_NUM_THREADS", "1", "OMP_WAIT_POLICY", "PASSIVE"), false);
        String text = SlurmScript.text("paper grid", Path.of("/shared/runs/paper-grid"), "slurm/array-0001.jobs", 120, o);
        assertEquals(Files.readString(GOLDEN.resolve("array.sbatch")), text);
    }

    @Test
    void badSettingsAreRefusedWithTheSettingsName() {
        assertEquals("time", assertThrows(InvalidSettingException.class, () -> options("1 hour", null)).setting());
        assertEquals("mem", assertThrows(InvalidSettingException.class, () -> options(null, "lots")).setting());
        assertEquals("sbatch_arg", assertThrows(InvalidSettingException.class, () -> new SlurmBackend.Options(null, null, 1, null, 0, List.of("-A lab"),
                List.of("java"), Map.of(), true)).setting());
        options("2-00:00:00", "4000M");
        options("90", "8G");
    }

    private static SlurmBackend.Options options(String time, String mem) {
        return new SlurmBackend.Options(null, time, 1, mem, 0, List.of(), List.of("java"), Map.of(), true);
    }

    @Test
    void taskStatesAreReadFromScontrolIncludingPendingRanges() {
        String out = "JobId=12 ArrayJobId=10 ArrayTaskId=1 JobName=x JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0\n"
                + "JobId=11 ArrayJobId=10 ArrayTaskId=0 JobState=CANCELLED Reason=None ExitCode=0:15\n"
                + "JobId=10 ArrayJobId=10 ArrayTaskId=3-5,7%2 JobState=PENDING Reason=JobArrayTaskLimit\n"
                + "JobId=13 ArrayJobId=10 ArrayTaskId=2 JobState=RUNNING Reason=None\n"
                + "JobId=99 ArrayJobId=98 ArrayTaskId=0 JobState=RUNNING Reason=None\n";
        Map<Integer, String> s = Slurm.parseStates(out, "10");
        assertEquals(Map.of(0, "CANCELLED", 1, "FAILED", 2, "RUNNING", 3, "PENDING", 4, "PENDING", 5, "PENDING", 7, "PENDING"), s);
        assertEquals(List.of(1, 3, 5, 7, 9), Slurm.indices("1-9:2"));
        assertEquals(List.of(0, 1, 2), Slurm.indices("0-2%1"));
    }

    @Test
    void theKubernetesJobMatchesItsGoldenFile() throws Exception {
        String text = KubernetesJob.text("paper grid", Path.of("/shared/runs/paper-grid"), 120,
                new KubernetesJob.Options("ghcr.io/lab/atari-saliency:0.1.0", "atari-saliency", "atari-runs", 16, 1, "4Gi"));
        assertEquals(Files.readString(GOLDEN.resolve("job.yaml")), text);
        assertEquals("pvc", assertThrows(InvalidSettingException.class, () -> new KubernetesJob.Options("i", "c", "Bad_Name", 1, 1, "1Gi"))
                .setting());
    }
}
