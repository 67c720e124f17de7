package org.atarisaliency.video;

import java.util.List;
import java.util.Locale;

/** The per-step CSV beside a clip's maps: step, action, action_name, p_ACTION..., value, reward, score, lives. */
public final class StepsCsv {
    private StepsCsv() {
    }

    /** The header line for a game's action names. */
    public static String header(List<String> names) {
        StringBuilder sb = new StringBuilder("step,action,action_name");
        for (String n : names) {
            sb.append(",p_").append(n);
        }
        return sb.append(",value,reward,score,lives\n").toString();
    }

    /** One step's line. */
    public static String row(int t, int action, String name, double[] probs, double value, double reward, double score, int lives) {
        StringBuilder sb = new StringBuilder().append(t).append(',').append(action).append(',').append(name);
        for (double p : probs) {
            sb.append(',').append(String.format(Locale.ROOT, "%.6g", p));
        }
        return sb.append(',').append(String.format(Locale.ROOT, "%.6g", value)).append(',').append(reward).append(',').append(score)
                .append(',').append(lives).append('\n').toString();
    }
}
