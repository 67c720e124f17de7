package org.atarisaliency.video;

/**
 * Everything drawn for one step.
 *
 * @param rgb            the screen, 210x160x3
 * @param actor          actor saliency, mapSize x mapSize over {@code region} of the screen, or null
 * @param critic         critic saliency, the same shape, or null
 * @param mapSize        side of the square maps
 * @param region         the part of the screen the maps cover (the agent's observation)
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
 * @param objects        game objects whose boxes are outlined on the screen (screen pixels, before scaling); empty for none
 */
public record FrameInfo(byte[] rgb, float[] actor, float[] critic, int mapSize, org.atarisaliency.env.ScreenRegion region, double actorScale, double criticScale, int step,
                        double score, int lives, double reward, java.util.List<String> actionNames, double[] probabilities,
                        int action, double value, double[] valueHistory, double[] memoryHistory, double[] rewardHistory, String title,
                        java.util.List<org.atarisaliency.env.GameObjects.GameObject> objects) {

    public FrameInfo {
        objects = objects == null ? java.util.List.of() : objects;
    }

    /** A frame without object boxes. */
    public FrameInfo(byte[] rgb, float[] actor, float[] critic, int mapSize, org.atarisaliency.env.ScreenRegion region, double actorScale,
                     double criticScale, int step, double score, int lives, double reward, java.util.List<String> actionNames,
                     double[] probabilities, int action, double value, double[] valueHistory, double[] memoryHistory, double[] rewardHistory,
                     String title) {
        this(rgb, actor, critic, mapSize, region, actorScale, criticScale, step, score, lives, reward, actionNames, probabilities, action,
                value, valueHistory, memoryHistory, rewardHistory, title, java.util.List.of());
    }

    /** The same frame drawn with other overlay scales. */
    public FrameInfo withScales(double actor, double critic) {
        return new FrameInfo(rgb, this.actor, this.critic, mapSize, region, actor, critic, step, score, lives, reward, actionNames,
                probabilities, action, value, valueHistory, memoryHistory, rewardHistory, title, objects);
    }
}
