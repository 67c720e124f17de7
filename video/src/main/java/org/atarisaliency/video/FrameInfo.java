package org.atarisaliency.video;

/**
 * Everything drawn for one step.
 *
 * @param rgb            the screen, 210x160x3
 * @param actor          actor saliency, mapSize x mapSize over {@code region} of the screen, or null
 * @param critic         critic saliency, the same shape, or null
 * @param mapSize        side of the square maps
 * @param region         the part of the screen the maps cover (the agent's observation)
 * @param actorScale     how actor values become brightness (and the actor's colour bar)
 * @param criticScale    how critic values become brightness (and the critic's colour bar)
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
public record FrameInfo(byte[] rgb, float[] actor, float[] critic, int mapSize, org.atarisaliency.env.ScreenRegion region, IntensityScale actorScale,
                        IntensityScale criticScale, int step,
                        double score, int lives, double reward, java.util.List<String> actionNames, double[] probabilities,
                        int action, double value, double[] valueHistory, double[] memoryHistory, double[] rewardHistory, String title,
                        java.util.List<org.atarisaliency.env.GameObjects.GameObject> objects) {

    public FrameInfo {
        objects = objects == null ? java.util.List.of() : objects;
    }

    /** A frame without object boxes, its maps the paper's scores on fixed scales (the values drawn at full intensity). */
    public FrameInfo(byte[] rgb, float[] actor, float[] critic, int mapSize, org.atarisaliency.env.ScreenRegion region, double actorScale,
                     double criticScale, int step, double score, int lives, double reward, java.util.List<String> actionNames,
                     double[] probabilities, int action, double value, double[] valueHistory, double[] memoryHistory, double[] rewardHistory,
                     String title) {
        this(rgb, actor, critic, mapSize, region, IntensityScale.paperScore(true, actorScale, IntensityScale.FIXED),
                IntensityScale.paperScore(false, criticScale, IntensityScale.FIXED), step, score, lives, reward, actionNames, probabilities, action,
                value, valueHistory, memoryHistory, rewardHistory, title, java.util.List.of());
    }

    /** The same frame drawn with other overlay scales. */
    public FrameInfo withScales(IntensityScale actor, IntensityScale critic) {
        return new FrameInfo(rgb, this.actor, this.critic, mapSize, region, actor, critic, step, score, lives, reward, actionNames,
                probabilities, action, value, valueHistory, memoryHistory, rewardHistory, title, objects);
    }
}
