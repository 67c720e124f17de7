/**
 * Agents trained with RL4J (deeplearning4j's RL library), loaded from DL4J model zips and run
 * through the {@link org.atarisaliency.agents.Policy} API: {@link org.atarisaliency.agents.rl4j.Rl4jPolicy}
 * (DQN and actor-critic nets over a frame stack, the stack being the agent's memory),
 * {@link org.atarisaliency.agents.rl4j.Dl4jModelZip} (a bounded reader of the zips) and
 * {@link org.atarisaliency.agents.rl4j.Rl4jPreprocessor} (RL4J's OpenCV pixel pipeline). RL4J itself
 * and its ALE binding are not used: episodes run on this project's environment.
 */
package org.atarisaliency.agents.rl4j;
