/**
 * The toolkit's jobs, each a typed, validated {@code Settings} record plus one static
 * {@code run}: {@link org.atarisaliency.pipelines.Record} (saliency video),
 * {@link org.atarisaliency.pipelines.FrameSaliency} (the maps of one frame),
 * {@link org.atarisaliency.pipelines.Maps} (maps of a frame range), {@link org.atarisaliency.pipelines.Memory}
 * (the role of memory), {@link org.atarisaliency.pipelines.Sanity} (sanity checks),
 * {@link org.atarisaliency.pipelines.Intervene} (object-level counterfactuals),
 * {@link org.atarisaliency.pipelines.Progression} (learning progression),
 * {@link org.atarisaliency.pipelines.Evaluate} (scores) and {@link org.atarisaliency.pipelines.BenchSaliency}.
 * Each plays the agent through {@link org.atarisaliency.agents.play.Rollout}, writes through a
 * {@link org.atarisaliency.pipelines.RunFolder} (temporary names, renamed into place) and records
 * the provenance its settings produce ({@link org.atarisaliency.pipelines.Provenance}). Nothing
 * here names a command-line flag: errors name settings, the CLI maps them to its flags.
 */
package org.atarisaliency.pipelines;
