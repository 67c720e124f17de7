package org.atarisaliency.video;

/**
 * Everything drawn for one step.
 *
 * @param rgb            the screen, 210x160x3
 * @param actor          actor saliency at 80x80 (rows 35..194 of the screen), or null
 * @param critic         critic saliency at 80x80, or null
 * @param actorScale     actor value drawn at full intensity
 * @param criticScale    critic value drawn at full intensity
 * @param step           agent step
 * @param score          episode score so far
 * @param lives          lives left
 * @param reward         reward of this step
 * @param actionNames    names of the actions
 * @param probabilities  the policy's action probabilities
 * @param action         the action taken
 * @param value          the critic's value estimate
 * @param valueHistory   recent values, oldest first (may be empty)
 * @param memoryHistory  recent memory-reliance scores, oldest first (may be empty)
 * @param rewardHistory  recent rewards, oldest first, aligned with valueHistory
 * @param title          a line naming game and agent
 */
public record FrameInfo(byte[] rgb, float[] actor, float[] critic, double actorScale, double criticScale, int step,
                        double score, int lives, double reward, java.util.List<String> actionNames, double[] probabilities,
                        int action, double value, double[] valueHistory, double[] memoryHistory, double[] rewardHistory, String title) {
}
