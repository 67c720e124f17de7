/**
 * Agents: the batched {@link org.atarisaliency.agents.Policy} API with explicit recurrent state,
 * action selection, and {@link org.atarisaliency.agents.Agents} to load a checkpoint into a policy.
 */
package org.atarisaliency.agents;
