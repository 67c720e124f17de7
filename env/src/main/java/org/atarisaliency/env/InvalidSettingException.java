package org.atarisaliency.env;

/**
 * A setting out of its range, named by its setting key (e.g. "stride", "memory_scale"), never by a
 * command-line flag: the command line and the experiment configs each map the key to their own
 * spelling ({@code --memory-scale}, {@code outputs.memory.memory_scale}).
 */
public class InvalidSettingException extends IllegalArgumentException implements NamesSettings {
    private final String setting;
    private final String problem;
    private final String use;

    /** @param problem  what is wrong, as it reads after the setting's name: "must be >= 1, got 0" */
    public InvalidSettingException(String setting, String problem) {
        this(setting, problem, null);
    }

    /**
     * The same, ending with the value to use instead: ("hints", "cannot be used with interventions",
     * "off") reads "hints cannot be used with interventions: use hints off".
     */
    public InvalidSettingException(String setting, String problem, String use) {
        super(text(setting, problem, use));
        this.setting = setting;
        this.problem = problem;
        this.use = use;
    }

    /** The setting's key. */
    public String setting() {
        return setting;
    }

    /** What is wrong with it (without the value to use instead). */
    public String problem() {
        return problem;
    }

    @Override
    public String message(java.util.function.UnaryOperator<String> spelling) {
        return text(spelling.apply(setting), problem, use);
    }

    private static String text(String setting, String problem, String use) {
        return setting + " " + problem + (use == null ? "" : ": use " + setting + " " + use);
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
