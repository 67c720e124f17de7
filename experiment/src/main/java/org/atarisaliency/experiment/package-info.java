/**
 * Scripted experiments: a YAML config ({@link org.atarisaliency.experiment.ExperimentConfig},
 * validated with file, line and key) becomes a plan of typed job specs
 * ({@link org.atarisaliency.experiment.ExperimentPlan}, {@link org.atarisaliency.experiment.JobSpec});
 * the {@link org.atarisaliency.experiment.JobExecutor} runs one job by calling its pipeline
 * directly; a {@link org.atarisaliency.experiment.JobBackend} runs many (the local worker pool,
 * {@link org.atarisaliency.experiment.LocalBackend}, first); the run store
 * ({@link org.atarisaliency.experiment.RunStore}) keeps the manifest, job.json and status.json.
 */
package org.atarisaliency.experiment;
