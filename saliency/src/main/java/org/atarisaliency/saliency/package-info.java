/**
 * Explanations of one step: perturbation saliency ({@link org.atarisaliency.saliency.PerturbationSaliency},
 * masks in {@link org.atarisaliency.saliency.MaskBank}, the incremental engine in {@code internal}),
 * Jacobian maps ({@link org.atarisaliency.saliency.JacobianSaliency}), memory saliency
 * ({@link org.atarisaliency.saliency.MemorySaliency}) and the per-step memory analysis along a rollout
 * ({@link org.atarisaliency.saliency.MemoryAnalysis}); sanity metrics live in {@code metrics}, object-level counterfactual tests of the maps in
 * {@code counterfactual}.
 */
package org.atarisaliency.saliency;
