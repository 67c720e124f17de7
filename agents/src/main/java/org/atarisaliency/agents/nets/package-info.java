/**
 * Networks: the A3C actor-critic of baby-a3c (conv x4 + GRUCell) and visualize_atari (conv x4 +
 * LSTMCell), as weights ({@link org.atarisaliency.agents.nets.ActorCriticWeights}), as a SameDiff
 * graph ({@link org.atarisaliency.agents.nets.SameDiffActorCritic}, for autodiff) and as a fast
 * batched executor ({@link org.atarisaliency.agents.nets.ActorCriticPolicy}).
 */
package org.atarisaliency.agents.nets;
