/**
 * Experiment grids beyond one machine: {@link org.atarisaliency.cluster.SlurmBackend} writes every
 * pending job's spec, an index and one {@code sbatch} job-array script whose tasks each run
 * {@code run-job} on their index, and submits it; {@link org.atarisaliency.cluster.RunStatus} says per
 * job done, running, pending, failed or cancelled from the run store and Slurm; and
 * {@link org.atarisaliency.cluster.KubernetesJob} writes the same grid as a Kubernetes Indexed Job.
 */
package org.atarisaliency.cluster;
