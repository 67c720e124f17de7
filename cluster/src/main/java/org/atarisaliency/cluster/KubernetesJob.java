package org.atarisaliency.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.atarisaliency.experiment.JobFile;
import org.atarisaliency.experiment.JobSpec;

/**
 * The same grid as a Kubernetes Indexed Job ({@code completionMode: Indexed}): pod i runs the job on
 * line i+1 of the index, from its spec, into the run folder, which a PersistentVolumeClaim mounts at
 * the same path in every pod (so the specs' paths hold). Writes {@code k8s/job.yaml}, the specs and
 * the index; applying it ({@code kubectl apply -f}) is left to the user.
 */
public final class KubernetesJob {
    /**
     * @param image       the container image with the toolkit (its {@code command} runs {@code atari-saliency})
     * @param command     the toolkit's command inside the image
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
                throw new IllegalArgumentException("--pvc must be a Kubernetes name (lower-case letters, digits, '-'), got '" + claim + "'");
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
        StringBuilder index = new StringBuilder();
        JobFile.Writer specs = JobFile.writer(experiment);
        for (JobSpec j : jobs) {
            specs.write(dir.resolve("specs").resolve(j.id() + ".json"), j);
            index.append(j.id()).append('\n');
        }
        Files.createDirectories(dir.resolve("k8s"));
        SlurmBackend.writeAtomically(dir.resolve("k8s/jobs.txt"), index.toString());
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
        return "# atari-saliency experiment '" + experiment + "': " + completions + " jobs as a Kubernetes Indexed Job.\n"
                + "# Pod i runs the job on line i+1 of k8s/jobs.txt from specs/. The claim must hold this run folder at\n"
                + "# " + run + " and the agent files and ROMs at the paths the specs name.\n"
                + "#   kubectl apply -f " + run + "/k8s/job.yaml\n"
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
                + "          command: [\"/bin/sh\", \"-c\"]\n"
                + "          args:\n"
                + "            - >-\n"
                + "              JOB=$(sed -n \"$((JOB_COMPLETION_INDEX + 1))p\" " + run + "/k8s/jobs.txt) &&\n"
                + "              exec " + o.command() + " run-job " + run + "/specs/$JOB.json --out " + run + " --quiet\n"
                + "          env:\n"
                + "            - {name: OMP_NUM_THREADS, value: \"" + o.cpu() + "\"}\n"
                + "            - {name: OMP_WAIT_POLICY, value: PASSIVE}\n"
                + "          resources:\n"
                + "            requests: {cpu: \"" + o.cpu() + "\", memory: " + yamlString(o.memory()) + "}\n"
                + "            limits: {cpu: \"" + o.cpu() + "\", memory: " + yamlString(o.memory()) + "}\n"
                + "          volumeMounts:\n"
                + "            - {name: run, mountPath: " + yamlString(run) + "}\n"
                + "      volumes:\n"
                + "        - name: run\n"
                + "          persistentVolumeClaim: {claimName: " + o.claim() + "}\n";
    }

    private static String yamlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
