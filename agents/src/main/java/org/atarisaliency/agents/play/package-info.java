/**
 * Playing agents in environments: the one rollout loop ({@link org.atarisaliency.agents.play.Rollout},
 * yielding {@link org.atarisaliency.agents.play.Step}s), the one rule that derives every child seed
 * ({@link org.atarisaliency.agents.play.Seeds}), and batched multi-episode evaluation
 * ({@link org.atarisaliency.agents.play.Evaluator}).
 */
package org.atarisaliency.agents.play;
