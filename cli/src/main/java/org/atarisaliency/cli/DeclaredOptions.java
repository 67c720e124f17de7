package org.atarisaliency.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Generates a command's options from its pipeline's settings declaration: the name (the key's
 * dashed spelling), type, default, help text, range and unit all come from the {@link Setting}, so
 * the command line cannot disagree with the library or the experiment schema.
 */
final class DeclaredOptions {
    private DeclaredOptions() {
    }

    /** Adds the declared options of every command in the tree under {@code cl} that {@link DeclaresSettings}. */
    static void addAll(CommandLine cl) {
        if (cl.getCommand() instanceof DeclaresSettings d) {
            add(cl.getCommandSpec(), d);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            addAll(sub);
        }
    }

    /**
     * The flag of a setting: its key with dashes, or the spelling {@link ExitCodes#FLAGS} lists; an on/off
     * setting that is on by default is turned off by {@code --no-KEY}.
     */
    static String flag(Setting<?> s) {
        String dashed = ExitCodes.FLAGS.getOrDefault(s.key(), "--" + s.key().replace('_', '-'));
        return onByDefault(s) ? "--no-" + dashed.substring(2) : dashed;
    }

    private static boolean onByDefault(Setting<?> s) {
        return s.type() == Setting.Type.FLAG && Boolean.TRUE.equals(s.defaultValue());
    }

    /** The command-line arguments that set {@code s} to {@code value} (none where the value is the flag's default). */
    static List<String> arguments(Setting<?> s, Object value) {
        if (s.type() != Setting.Type.FLAG) {
            return List.of(flag(s) + "=" + Setting.text(value));
        }
        return value.equals(s.defaultValue()) ? List.of() : List.of(flag(s));
    }

    /** The values given on the command line (or defaulted), checked against the declaration. */
    static SettingValues values(CommandSpec spec, Declaration d) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (Setting<?> s : d.settings()) {
            Object v = spec.findOption(flag(s)).getValue();
            if (onByDefault(s)) {
                v = !(Boolean) v;
            }
            given.put(s.key(), s.type() == Setting.Type.INTEGER ? count(s.key(), (String) v) : v);
        }
        return d.values(given);
    }

    /** The values of {@code command}'s declaration, with the defaults its {@link DeclaresSettings#defaultsChosenBy()} choice puts in place. */
    static SettingValues values(CommandSpec spec, DeclaresSettings command) {
        Setting<String> by = command.defaultsChosenBy();
        return by == null ? values(spec, command.declaration()) : values(spec, command.declaration(), v -> command.defaultsFor(v.get(by)));
    }

    /**
     * As {@link #values(CommandSpec, Declaration)}, with {@code defaults} (by key, given the values) in place of the declared
     * default of each setting the command line does not give: an algorithm's own defaults.
     */
    static SettingValues values(CommandSpec spec, Declaration d, java.util.function.Function<SettingValues, Map<String, Object>> defaults) {
        SettingValues v = values(spec, d);
        Map<String, Object> m = new LinkedHashMap<>(v.asMap());
        defaults.apply(v).forEach((key, value) -> {
            if (!spec.commandLine().getParseResult().hasMatchedOption(flag(d.setting(key)))) {
                m.put(key, value);
            }
        });
        return d.values(m);
    }

    /** The options a command's declared settings come before in its help: the seed, then the output and common options. */
    private static final List<String> AFTER_SETTINGS = List.of("--seed", "--json", "--out", "--quiet", "--help");

    private static void add(CommandSpec spec, DeclaresSettings command) {
        Declaration d = command.declaration();
        List<OptionSpec> later = new java.util.ArrayList<>();
        boolean moving = false;
        for (OptionSpec o : spec.options()) {
            moving |= AFTER_SETTINGS.contains(o.longestName());
            if (moving) {
                later.add(o);
            }
        }
        later.forEach(spec::remove);
        for (Setting<?> s : d.settings()) {
            String flag = flag(s);
            if (spec.findOption(flag) != null || later.stream().anyMatch(o -> List.of(o.names()).contains(flag))) {
                throw new IllegalStateException(spec.qualifiedName() + " declares " + flag + " by hand and in " + s.key() + "'s declaration");
            }
            spec.addOption(option(s, flag, chosenDefaults(s, command)));
        }
        later.forEach(spec::addOption);
    }

    /** "; with --algo ppo: 2.5e-4" for each choice of the command's defaults chooser that puts its own default in place of s's. */
    private static String chosenDefaults(Setting<?> s, DeclaresSettings command) {
        Setting<String> by = command.defaultsChosenBy();
        StringBuilder b = new StringBuilder();
        for (String choice : by == null ? List.<String>of() : by.choices()) {
            Object v = command.defaultsFor(choice).get(s.key());
            if (v != null) {
                b.append("; with ").append(flag(by)).append(' ').append(choice).append(": ").append(Setting.text(v));
            }
        }
        return b.toString();
    }

    private static OptionSpec option(Setting<?> s, String flag, String chosenDefaults) {
        OptionSpec.Builder b = OptionSpec.builder(flag).description(description(s, chosenDefaults)).descriptionKey("setting." + s.key())
                .defaultValue(onByDefault(s) ? "false" : Setting.text(s.defaultValue()));
        switch (s.type()) {
            case INTEGER -> b.type(String.class).paramLabel("N");
            case NUMBER -> b.type(Double.class).paramLabel("X");
            case CHOICE -> b.type(String.class).paramLabel(String.join("|", s.choices()));
            case FLAG -> b.type(Boolean.class).arity("0");
            case INTEGERS -> b.type(List.class).auxiliaryTypes(Long.class).splitRegex(",").paramLabel("N[,N...]").hideParamSyntax(true);
            case NUMBERS -> b.type(List.class).auxiliaryTypes(Double.class).splitRegex(",").paramLabel("X[,X...]").hideParamSyntax(true);
            case TEXT -> b.type(String.class).paramLabel(s.range());
            default -> throw new IllegalStateException(s.type().name());
        }
        return b.build();
    }

    /**
     * An integer setting as a command line writes it: "2000000", "2e6", "500k", "10M", "1_000".
     *
     * @throws InvalidSettingException naming {@code key}, for anything else
     */
    static Long count(String key, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        double mult = t.endsWith("m") ? 1e6 : t.endsWith("k") ? 1e3 : 1;
        try {
            double v = Double.parseDouble(mult == 1 ? t : t.substring(0, t.length() - 1)) * mult;
            if (v == Math.rint(v) && Math.abs(v) <= 1e15 && !t.isEmpty() && Character.isDigit(t.charAt(t.length() - 1)) == (mult == 1)) {
                return (long) v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new org.atarisaliency.env.InvalidSettingException(key, "must be a whole count like 500k, 10M or 2000000, got '" + text + "'");
    }

    /** "Help text (1..1000 frames; default: 5)". */
    static String description(Setting<?> s) {
        return description(s, "");
    }

    /** "Help text (1..1000 frames; default: 5" + {@code chosenDefaults} + ")". */
    private static String description(Setting<?> s, String chosenDefaults) {
        String unit = s.unit() == null ? "" : " " + s.unit();
        if (s.type() == Setting.Type.FLAG) {
            return s.help() + (onByDefault(s) ? " (on unless this flag is given)." : " (off unless this flag is given).");
        }
        return s.help() + " (" + s.range() + unit + "; default: ${DEFAULT-VALUE}" + chosenDefaults + ").";
    }
}
