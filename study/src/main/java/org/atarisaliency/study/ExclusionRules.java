package org.atarisaliency.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exclusion rules of a study and what they decide for one participant. Pure: it judges {@link Facts}, wherever
 * they come from. The rules apply in order: {@value #NOT_COMPLETED} (always) first, then the declared ones in the
 * YAML's order; the first rule that excludes a participant is the one recorded.
 */
public final class ExclusionRules {
    /** Always applied: a participant who did not complete the study is excluded. */
    public static final String NOT_COMPLETED = "not_completed";
    /** Median seconds over the participant's pages with questions below the value. */
    public static final String MIN_SECONDS_PER_PAGE = "min_seconds_per_page";
    /** Consent to completion in fewer seconds than the value. */
    public static final String MIN_SECONDS_PER_STUDY = "min_seconds_per_study";
    /** At least the value attention checks answered wrongly. */
    public static final String ATTENTION_CHECKS_FAILED = "attention_checks_failed";
    /** A clip of a page that requires watching it was not watched. */
    public static final String CLIPS_NOT_WATCHED = "clips_not_watched";
    /** The same device as an earlier participant. */
    public static final String DUPLICATE_DEVICES = "duplicate_devices";
    /** The rules a YAML may declare, in the order the README lists them. */
    public static final List<String> DECLARABLE = List.of(MIN_SECONDS_PER_PAGE, MIN_SECONDS_PER_STUDY, ATTENTION_CHECKS_FAILED,
            CLIPS_NOT_WATCHED, DUPLICATE_DEVICES);

    private final List<ExclusionRule> declared;

    /** The rules as declared (null or empty: only {@value #NOT_COMPLETED}). */
    public ExclusionRules(List<ExclusionRule> declared) {
        this.declared = declared == null ? List.of() : List.copyOf(declared);
    }

    /**
     * What is known about one participant.
     *
     * @param completed         whether they reached the debrief
     * @param medianPageSeconds median seconds from shown to submitted over their pages with questions, or null when none was submitted
     * @param studySeconds      seconds from consent to completion, or null when they did not complete
     * @param attentionFailed   attention checks whose final answer is wrong
     * @param clipsUnwatched    clips on pages that require watching that they were shown but did not watch
     * @param duplicateDevice   whether an earlier participant had the same device
     */
    public record Facts(boolean completed, Double medianPageSeconds, Double studySeconds, int attentionFailed, int clipsUnwatched,
                        boolean duplicateDevice) {
    }

    /**
     * What the rules decided.
     *
     * @param included   whether no rule excluded the participant
     * @param excludedBy the first rule that excluded them, or null when included
     */
    public record Verdict(boolean included, String excludedBy) {
    }

    /** The declared rules, in the YAML's order. */
    public List<ExclusionRule> declared() {
        return declared;
    }

    /** Every rule applied, in order: {@value #NOT_COMPLETED}, then the declared ones. */
    public List<ExclusionRule> applied() {
        List<ExclusionRule> all = new ArrayList<>();
        all.add(new ExclusionRule(NOT_COMPLETED, null));
        all.addAll(declared);
        return all;
    }

    /** The verdict of the rules on one participant. */
    public Verdict judge(Facts f) {
        for (ExclusionRule r : applied()) {
            if (excludes(r, f)) {
                return new Verdict(false, r.rule());
            }
        }
        return new Verdict(true, null);
    }

    /** Whether one rule excludes the participant (a fact that is unknown excludes nobody). */
    static boolean excludes(ExclusionRule r, Facts f) {
        return switch (r.rule()) {
            case NOT_COMPLETED -> !f.completed();
            case MIN_SECONDS_PER_PAGE -> f.medianPageSeconds() != null && f.medianPageSeconds() < r.value();
            case MIN_SECONDS_PER_STUDY -> f.studySeconds() != null && f.studySeconds() < r.value();
            case ATTENTION_CHECKS_FAILED -> f.attentionFailed() >= r.value();
            case CLIPS_NOT_WATCHED -> f.clipsUnwatched() > 0;
            case DUPLICATE_DEVICES -> f.duplicateDevice();
            default -> throw new IllegalArgumentException("unknown exclusion rule '" + r.rule() + "'");
        };
    }

    /** The participants.csv column that holds the fact a rule tests. */
    public static String column(String rule) {
        return switch (rule) {
            case NOT_COMPLETED -> "status";
            case MIN_SECONDS_PER_PAGE -> "median_page_seconds";
            case MIN_SECONDS_PER_STUDY -> "total_seconds";
            case ATTENTION_CHECKS_FAILED -> "attention_failed";
            case CLIPS_NOT_WATCHED -> "clips_unwatched";
            case DUPLICATE_DEVICES -> "duplicate_device";
            default -> throw new IllegalArgumentException("unknown exclusion rule '" + rule + "'");
        };
    }

    /** The test a rule applies to its column, as an expression ("median_page_seconds < 3"). */
    public static String test(ExclusionRule r) {
        String c = column(r.rule());
        return switch (r.rule()) {
            case NOT_COMPLETED -> c + " != completed";
            case MIN_SECONDS_PER_PAGE, MIN_SECONDS_PER_STUDY -> c + " < " + number(r.value());
            case ATTENTION_CHECKS_FAILED -> c + " >= " + number(r.value());
            case CLIPS_NOT_WATCHED -> c + " > 0";
            default -> c + " == true";
        };
    }

    /** A rule in plain words, as the README and the preregistration state it. */
    public static String describe(ExclusionRule r) {
        return switch (r.rule()) {
            case NOT_COMPLETED -> "Participants who did not complete the study (who declined consent or left before the final page) are excluded.";
            case MIN_SECONDS_PER_PAGE -> "Participants whose median time on the pages with questions (from the page being shown to its submission;"
                    + " comprehension-check pages included, with all their attempts) is below " + number(r.value()) + " seconds are excluded.";
            case MIN_SECONDS_PER_STUDY -> "Participants who took less than " + number(r.value()) + " seconds from consent to completion are excluded.";
            case ATTENTION_CHECKS_FAILED -> "Participants whose final answer is wrong on at least " + number(r.value())
                    + " attention-check question" + (r.value() == 1 ? "" : "s") + " are excluded.";
            case CLIPS_NOT_WATCHED -> "Participants who did not watch every clip on a page that requires watching (at least "
                    + Math.round(StudyDefinition.WATCHED_SHARE * 100) + "% of the clip played) are excluded.";
            case DUPLICATE_DEVICES -> "Participants whose device (a salted hash of network address and browser) matches that of an earlier"
                    + " participant are excluded; the earliest participant on a device is kept.";
            default -> throw new IllegalArgumentException("unknown exclusion rule '" + r.rule() + "'");
        };
    }

    /** A threshold as written: "3", "2.5". */
    public static String number(Double v) {
        return v == Math.rint(v) ? Long.toString(v.longValue()) : String.format(Locale.ROOT, "%s", v);
    }
}
