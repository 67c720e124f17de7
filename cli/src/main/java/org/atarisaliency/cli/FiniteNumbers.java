package org.atarisaliency.cli;

import picocli.CommandLine;

/**
 * Every floating-point option of every command is parsed here: NaN and infinities are refused
 * before any command runs (ranges are the settings' own checks), so a run never starts from, or
 * records, a setting that is not a number.
 */
final class FiniteNumbers {
    private FiniteNumbers() {
    }

    /** Registers the parsers on {@code cl} and all its subcommands. */
    static void register(CommandLine cl) {
        CommandLine.ITypeConverter<Double> doubles = FiniteNumbers::parse;
        CommandLine.ITypeConverter<Float> floats = text -> {
            double v = parse(text);
            if (Math.abs(v) > Float.MAX_VALUE) {
                throw new CommandLine.TypeConversionException("'" + text + "' is too large; give a finite number");
            }
            return (float) v;
        };
        cl.registerConverter(Double.class, doubles);
        cl.registerConverter(double.class, doubles);
        cl.registerConverter(Float.class, floats);
        cl.registerConverter(float.class, floats);
    }

    private static double parse(String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a finite number; give a finite number");
        }
        return v;
    }
}
