/**
 * Training: the A2C update ({@link org.atarisaliency.agents.train.Learner}, its
 * {@link org.atarisaliency.agents.train.Batch} and {@link org.atarisaliency.agents.train.A2cConfig}).
 */
package org.atarisaliency.agents.train;
