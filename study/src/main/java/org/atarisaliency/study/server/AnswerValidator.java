package org.atarisaliency.study.server;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.atarisaliency.study.StudyDefinition.Option;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Question;

/** Checks a submitted form against the questions of its page; nothing is stored unless every answer is valid. */
final class AnswerValidator {
    /** The most characters a text answer may have when its question sets no maxLength. */
    static final int TEXT_LIMIT = 2000;
    /** A slider answer: an optional minus, at most 15 digits before and 15 after the decimal point. */
    private static final java.util.regex.Pattern SLIDER_NUMBER = java.util.regex.Pattern.compile("-?\\d{1,15}(\\.\\d{1,15})?");

    private AnswerValidator() {
    }

    /**
     * The outcome of a check.
     *
     * @param answers      the answers to store (unanswered optional questions have none); empty when invalid
     * @param error        what is wrong, shown to the participant, or null when every answer is valid
     * @param blockingWrong whether a question with a correct answer (not an attention check) was answered wrongly
     */
    record Result(List<AnswerRow> answers, String error, boolean blockingWrong) {
        boolean valid() {
            return error == null;
        }
    }

    /** Validates the form fields (named by question id) for every question on {@code page}. */
    static Result check(Page page, Map<String, List<String>> form) {
        List<AnswerRow> rows = new ArrayList<>();
        boolean wrong = false;
        for (Question q : StudyFolder.nonNull(page.questions())) {
            List<String> values = form.getOrDefault(q.id(), List.of());
            if (values.size() > 1) {
                return invalid("Please give one answer to: " + q.prompt());
            }
            String raw = values.isEmpty() ? null : values.get(0);
            if (raw != null && q.type().equals("text")) {
                raw = raw.replace("\r\n", "\n").replace('\r', '\n').replace("\u0000", "");
            }
            if (raw == null || raw.isBlank()) {
                if (q.required()) {
                    return invalid("Please answer: " + q.prompt());
                }
                continue;
            }
            int maxLength = q.maxLength() == null ? TEXT_LIMIT : q.maxLength();
            if (q.type().equals("text") && raw.codePointCount(0, raw.length()) > maxLength) {
                return invalid("Please use at most " + maxLength + " characters for: " + q.prompt());
            }
            AnswerRow row = switch (q.type()) {
                case "choice", "likert" -> option(q, raw);
                case "slider" -> slider(q, raw);
                case "text" -> text(q, raw);
                default -> null;
            };
            if (row == null) {
                return invalid("That answer is not possible for: " + q.prompt());
            }
            rows.add(row);
            if (Boolean.FALSE.equals(row.correct()) && !q.attention()) {
                wrong = true;
            }
        }
        return new Result(List.copyOf(rows), null, wrong);
    }

    private static Result invalid(String message) {
        return new Result(List.of(), message, false);
    }

    private static AnswerRow option(Question q, String raw) {
        List<Option> options = q.options();
        for (int i = 0; i < options.size(); i++) {
            Option o = options.get(i);
            if (o.value().equals(raw)) {
                String means = o.means() != null ? o.means() : q.type().equals("likert") ? Integer.toString(i + 1) : o.value();
                return new AnswerRow(q.id(), o.value(), means, q.correct() == null ? null : q.correct().equals(means));
            }
        }
        return null;
    }

    private static AnswerRow slider(Question q, String raw) {
        // plain decimals only (no exponent): BigDecimal would take "1e-99999999" and then expand it to 100 MB
        String text = raw.strip();
        if (!SLIDER_NUMBER.matcher(text).matches()) {
            return null;
        }
        BigDecimal v = new BigDecimal(text);
        BigDecimal min = BigDecimal.valueOf(q.min());
        BigDecimal max = BigDecimal.valueOf(q.max());
        BigDecimal step = BigDecimal.valueOf(q.step());
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            return null;
        }
        BigDecimal steps = v.subtract(min).divide(step, 12, java.math.RoundingMode.HALF_EVEN);
        if (steps.stripTrailingZeros().scale() > 0) {
            return null;
        }
        String value = v.stripTrailingZeros().toPlainString();
        Boolean correct = null;
        if (q.correct() != null) {
            try {
                correct = new BigDecimal(q.correct()).compareTo(v) == 0;
            } catch (NumberFormatException e) {
                correct = false;
            }
        }
        return new AnswerRow(q.id(), value, value, correct);
    }

    private static AnswerRow text(Question q, String raw) {
        return new AnswerRow(q.id(), raw, raw, q.correct() == null ? null : q.correct().strip().equalsIgnoreCase(raw.strip()));
    }
}
