package org.atarisaliency.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.env.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A run folder whose path has blanks, quotes, {@code $(...)}, backticks, '#' and '%' reaches the
 * job scripts as one literal value: nothing in it runs, and every task gets exactly that path.
 */
class HostilePathTest {
    /** One folder name with everything a shell or sbatch would read as syntax. */
    static final String HOSTILE = "we ird $(touch pwned) ${HOME} 'q' \"d\" `touch bt` #x %A ;&|";

    @TempDir
    Path tmp;

    @Test
    void theKubernetesPodGetsThePathAsOneArgumentWithoutAShell() throws Exception {
        Path run = tmp.resolve(HOSTILE).resolve("grid");
        String text = KubernetesJob.text("grid", run, 3, new KubernetesJob.Options("img", "atari-saliency", "runs", 2, 1, "4Gi"));
        Map<String, Object> container = container(text);
        assertEquals(List.of("atari-saliency"), container.get("command"), "exec form: no shell");
        @SuppressWarnings("unchecked")
        List<String> args = ((List<String>) container.get("args")).stream().map(a -> kubernetesExpansion(a, Map.of("JOB_COMPLETION_INDEX", "2"))).toList();
        assertEquals(List.of("run-job", "--index", run + "/k8s/jobs.txt", "--task", "2", "--out", run.toString(), "--quiet"), args);
        @SuppressWarnings("unchecked")
        Map<String, Object> mount = ((List<Map<String, Object>>) container.get("volumeMounts")).get(0);
        assertEquals(run.toString(), mount.get("mountPath"));
    }

    @Test
    void theArrayScriptPassesThePathLiterallyAndRunsNothingInIt() throws Exception {
        Path run = Files.createDirectories(tmp.resolve(HOSTILE).resolve("grid"));
        Files.createDirectories(run.resolve("slurm"));
        Files.writeString(run.resolve("slurm/array-0001.jobs"), "job-a\njob-b\n");
        SlurmBackend.Options o = new SlurmBackend.Options(null, null, 1, null, 0, List.of(), List.of("printf", "%s\\n"), Map.of("X", "a b"), true);
        String script = SlurmScript.text("grid", run, "slurm/array-0001.jobs", 2, o);
        Path file = Files.writeString(tmp.resolve("array.sbatch"), script);
        assertEquals(0, bash(List.of("bash", "-n", file.toString()), Map.of()).exit(), "bash -n: the script parses");
        Bash ran = bash(List.of("bash", file.toString()), Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_JOB_ID", "7"));
        assertEquals(0, ran.exit(), ran.out());
        List<String> argv = ran.out().lines().dropWhile(l -> !l.equals("run-job")).toList();
        assertEquals(List.of("run-job", run + "/specs/job-b.json", "--out", run.toString(), "--quiet"), argv);
        assertFalse(Files.exists(tmp.resolve("pwned")) || Files.exists(tmp.resolve("bt")), "nothing in the path ran");
        // sbatch's own reading of the --output line: one quoted word, '%' doubled so only %A_%a are replaced
        String output = script.lines().filter(l -> l.startsWith("#SBATCH --output=")).findFirst().orElseThrow();
        assertEquals("#SBATCH --output=\"" + (run + "/slurm/logs").replace("%", "%%").replace("\"", "\\\"") + "/%A_%a.log\"", output);
    }

    @Test
    void aPathNoScriptCanHoldIsRefusedBeforeAnythingIsWritten() {
        for (String bad : List.of("line\nbreak", "tab\there", "back\\slash")) {
            Path run = tmp.resolve(bad).resolve("grid");
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new SlurmBackend(run,
                    new SlurmBackend.Options(null, null, 1, null, 0, List.of(), List.of("java"), Map.of(), true), new Slurm(), null));
            assertEquals("out", e.setting());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertThrows(InvalidSettingException.class, () -> KubernetesJob.write("grid", run, List.of(new org.atarisaliency.experiment.JobSpec("x", "maps", Map.of())),
                    new KubernetesJob.Options("img", "atari-saliency", "runs", 1, 1, "1Gi")));
            assertFalse(Files.exists(run), "nothing written for " + bad);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(String yaml) {
        Map<String, Object> job = new Yaml().load(yaml);
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) job.get("spec")).get("template")).get("spec");
        return ((List<Map<String, Object>>) pod.get("containers")).get(0);
    }

    /** What the kubelet does to command and args: $(VAR) of a defined variable is replaced, $$ stands for $. */
    static String kubernetesExpansion(String s, Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                b.append('$');
                i++;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(' && s.indexOf(')', i) > 0
                    && env.containsKey(s.substring(i + 2, s.indexOf(')', i)))) {
                b.append(env.get(s.substring(i + 2, s.indexOf(')', i))));
                i = s.indexOf(')', i);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    record Bash(int exit, String out) {
    }

    private Bash bash(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return new Bash(p.exitValue(), out);
    }
}
