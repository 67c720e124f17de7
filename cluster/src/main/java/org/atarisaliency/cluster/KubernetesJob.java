package org.atarisaliency.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.experiment.JobFile;
import org.atarisaliency.experiment.JobSpec;

/**
 * The same grid as a Kubernetes Indexed Job ({@code completionMode: Indexed}): pod i runs the job on
 * line i+1 of the index, from its spec, into the run folder, which a PersistentVolumeClaim mounts at
 * the same path in every pod (so the specs' paths hold). Writes {@code k8s/job.yaml}, the specs and
 * the index; applying it ({@code kubectl apply -f}) is left to the user.
 */
public final class KubernetesJob {
    /** The index: line i+1 names the job of pod i. */
    static final String INDEX = "k8s/jobs.txt";

    /** Capital words that YAML reads as booleans or null, not strings. */
    private static final Set<String> YAML_WORDS = Set.of("Y", "N", "YES", "NO", "ON", "OFF", "TRUE", "FALSE", "NULL");

    /**
     * @param image       the container image with the toolkit (its {@code command} runs {@code atari-saliency})
     * @param command     the toolkit's command inside the image ({@link WorkerCommand#IMAGE_COMMAND})
     * @param claim       the PersistentVolumeClaim holding the run folder (and the agents and ROMs the specs name)
     * @param parallelism pods at once
     * @param cpu         CPU request and limit per pod
     * @param memory      memory request and limit per pod (e.g. 4Gi)
     */
    public record Options(String image, String command, String claim, int parallelism, int cpu, String memory) {
        public Options {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            if (!claim.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                throw new InvalidSettingException("pvc", "must be a Kubernetes name (lower-case letters, digits, '-'), got '" + claim + "'");
            }
        }
    }

    private KubernetesJob() {
    }

    /** Writes specs/, k8s/jobs.txt and k8s/job.yaml for {@code jobs}; returns the manifest's path. */
    public static Path write(String experiment, Path runDir, List<JobSpec> jobs, Options o) throws IOException {
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("no jobs to run: every job of this experiment is done");
        }
        Path dir = runDir.toAbsolutePath().normalize();
        SlurmScript.requireScriptablePath(dir);
        StringBuilder index = new StringBuilder();
        JobFile.Writer specs = JobFile.writer(experiment);
        for (JobSpec j : jobs) {
            specs.write(TaskIndex.spec(dir, j.id()), j);
            index.append(j.id()).append('\n');
        }
        Files.createDirectories(dir.resolve("k8s"));
        SlurmBackend.writeAtomically(dir.resolve(INDEX), index.toString());
        Path yaml = dir.resolve("k8s/job.yaml");
        SlurmBackend.writeAtomically(yaml, text(experiment, dir, jobs.size(), o));
        return yaml;
    }

    /** The manifest text (no timestamps: the same grid gives the same file). */
    static String text(String experiment, Path dir, int completions, Options o) {
        String name = ("atari-" + experiment).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        name = name.length() > 52 ? name.substring(0, 52) : name;
        name = name.replaceAll("-$", "");
        String run = dir.toString();
        // exec form, no shell: every value is one argument; Kubernetes expands $(JOB_COMPLETION_INDEX) and nothing else
        List<String> args = WorkerCommand.runIndexedJob(literal(dir.resolve(INDEX).toString()), "$(JOB_COMPLETION_INDEX)", literal(run));
        return "# atari-saliency experiment '" + experiment + "': " + completions + " jobs as a Kubernetes Indexed Job.\n"
                + "# Pod i runs the job on line i+1 of " + INDEX + " from specs/. The claim must hold this run folder at\n"
                + "# " + run + " and the agent files and ROMs at the paths the specs name.\n"
                + "#   kubectl apply -f " + SlurmScript.quote(dir.resolve("k8s/job.yaml").toString()) + "\n"
                + "apiVersion: batch/v1\n"
                + "kind: Job\n"
                + "metadata:\n"
                + "  name: " + name + "\n"
                + "  labels: {app: atari-saliency, experiment: " + yamlString(experiment) + "}\n"
                + "spec:\n"
                + "  completionMode: Indexed\n"
                + "  completions: " + completions + "\n"
                + "  parallelism: " + Math.min(o.parallelism(), completions) + "\n"
                + "  backoffLimitPerIndex: 1\n"
                + "  maxFailedIndexes: " + completions + "\n"
                + "  template:\n"
                + "    metadata:\n"
                + "      labels: {app: atari-saliency}\n"
                + "    spec:\n"
                + "      restartPolicy: Never\n"
                + "      containers:\n"
                + "        - name: run-job\n"
                + "          image: " + yamlString(o.image()) + "\n"
                + "          command: [" + yamlString(literal(o.command())) + "]\n"
                + "          args:\n"
                + args.stream().map(a -> "            - " + yamlString(a) + "\n").collect(Collectors.joining())
                + "          env:\n"
                + "            - name: JOB_COMPLETION_INDEX\n"
                + "              valueFrom: {fieldRef: {fieldPath: \"metadata.annotations['batch.kubernetes.io/job-completion-index']\"}}\n"
                + WorkerCommand.threads(o.cpu()).entrySet().stream()
                        .map(e -> "            - {name: " + e.getKey() + ", value: " + yamlValue(e.getValue()) + "}\n").collect(Collectors.joining())
                + "          resources:\n"
                + "            requests: {cpu: \"" + o.cpu() + "\", memory: " + yamlString(o.memory()) + "}\n"
                + "            limits: {cpu: \"" + o.cpu() + "\", memory: " + yamlString(o.memory()) + "}\n"
                + "          volumeMounts:\n"
                + "            - {name: run, mountPath: " + yamlString(run) + "}\n"
                + "      volumes:\n"
                + "        - name: run\n"
                + "          persistentVolumeClaim: {claimName: " + o.claim() + "}\n";
    }

    /** A container argument Kubernetes passes as it is: it expands $(VAR) in command and args, and $$ stands for $. */
    private static String literal(String s) {
        return s.replace("$", "$$");
    }

    /** An environment value: a plain word of capitals (PASSIVE) as it is, anything else a quoted string. */
    private static String yamlValue(String s) {
        return s.matches("[A-Z][A-Z_]*") && !YAML_WORDS.contains(s) ? s : yamlString(s);
    }

    /** A YAML double-quoted scalar; control characters as escapes, so the value cannot end its line. */
    private static String yamlString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
