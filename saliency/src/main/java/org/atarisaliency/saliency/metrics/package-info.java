/**
 * Sanity checks and faithfulness metrics for saliency maps: map similarity (Spearman rank
 * correlation, SSIM), cascading model-parameter randomisation (Adebayo et al. 2018), input-shift
 * invariance (Kindermans et al. 2017) and deletion/insertion curves, run together by
 * {@link org.atarisaliency.saliency.metrics.SanityChecks}.
 */
package org.atarisaliency.saliency.metrics;
