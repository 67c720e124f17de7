package org.atarisaliency.env;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error whose message names settings by their keys, never by command-line flags: whoever shows
 * it spells each key its own way (the command line as its flag, "out" -> "--out"; see
 * {@code cli.ExitCodes}). {@code getMessage()} spells them as the keys themselves.
 */
public interface NamesSettings {
    /** The message with each setting key spelt by {@code spelling}. */
    String message(UnaryOperator<String> spelling);

    /**
     * {@code template} with each {@code {key}} spelt by {@code spelling}, then its {@code %s} filled
     * with {@code values} (values such as paths are never read as keys): ("choose another {out}") ->
     * "choose another --out".
     */
    static String spell(String template, UnaryOperator<String> spelling, Object... values) {
        Matcher m = Pattern.compile("\\{([a-z][a-z0-9_]*)\\}").matcher(template);
        StringBuilder spelt = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(spelt, Matcher.quoteReplacement(spelling.apply(m.group(1)).replace("%", "%%")));
        }
        m.appendTail(spelt);
        return String.format(spelt.toString(), values);
    }
}
