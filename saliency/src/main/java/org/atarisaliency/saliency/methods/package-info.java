/**
 * The saliency methods compared against interventions: one {@link org.atarisaliency.saliency.methods.SaliencyMethod}
 * class per method, listed once in {@link org.atarisaliency.saliency.methods.SaliencyMethods}.
 */
package org.atarisaliency.saliency.methods;
