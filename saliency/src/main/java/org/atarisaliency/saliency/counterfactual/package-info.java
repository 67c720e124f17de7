/**
 * Object-level counterfactual tests of saliency maps (Atrey et al., ICLR 2020, on the real games
 * through console RAM): {@link org.atarisaliency.saliency.counterfactual.InterventionTrials} makes each
 * intervention from a cloned state and measures how the policy changes, {@link
 * org.atarisaliency.saliency.counterfactual.ObjectMass} reads the saliency a map puts on the affected
 * object, and {@link org.atarisaliency.saliency.counterfactual.Agreement} says how well each map
 * predicted the interventions' effects.
 */
package org.atarisaliency.saliency.counterfactual;
