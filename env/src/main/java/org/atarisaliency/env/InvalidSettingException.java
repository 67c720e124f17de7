package org.atarisaliency.env;

/**
 * A setting out of its range, named by its setting key (e.g. "stride", "memory_scale"), never by a
 * command-line flag: the command line and the experiment configs each map the key to their own
 * spelling ({@code --memory-scale}, {@code outputs.memory.memory_scale}).
 */
public class InvalidSettingException extends IllegalArgumentException {
    private final String setting;
    private final String problem;

    /** @param problem  what is wrong, as it reads after the setting's name: "must be >= 1, got 0" */
    public InvalidSettingException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The setting's key. */
    public String setting() {
        return setting;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }

    /** Throws unless {@code min <= v <= max}. */
    public static int checkRange(String setting, int v, int min, int max) {
        if (v < min || v > max) {
            throw new InvalidSettingException(setting, "must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** Throws unless {@code v} is finite and {@code min <= v <= max}. */
    public static double checkRange(String setting, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new InvalidSettingException(setting, "must be a number in " + num(min) + ".." + num(max) + ", got " + v);
        }
        return v;
    }

    /** Throws unless {@code v >= min}. */
    public static int checkAtLeast(String setting, int v, int min) {
        if (v < min) {
            throw new InvalidSettingException(setting, "must be >= " + min + ", got " + v);
        }
        return v;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
