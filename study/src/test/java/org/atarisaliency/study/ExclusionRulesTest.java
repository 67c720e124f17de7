package org.atarisaliency.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atarisaliency.study.ExclusionRules.Facts;
import org.atarisaliency.study.ExclusionRules.Verdict;
import org.junit.jupiter.api.Test;

/** The rules judge crafted facts: each rule at its threshold, unknown facts, and the first rule in the YAML's order wins. */
class ExclusionRulesTest {
    static final Facts GOOD = new Facts(true, 12.0, 600.0, 0, 0, false);
    static final ExclusionRules ALL = new ExclusionRules(List.of(new ExclusionRule("min_seconds_per_page", 3.0),
            new ExclusionRule("min_seconds_per_study", 120.0), new ExclusionRule("attention_checks_failed", 2.0),
            new ExclusionRule("clips_not_watched", null), new ExclusionRule("duplicate_devices", null)));

    @Test
    void eachRuleExcludesAtItsThresholdAndNotBefore() {
        assertEquals(new Verdict(true, null), ALL.judge(GOOD));
        assertEquals(new Verdict(false, "not_completed"), ALL.judge(new Facts(false, 12.0, null, 0, 0, false)));
        assertEquals(new Verdict(false, "min_seconds_per_page"), ALL.judge(new Facts(true, 2.999, 600.0, 0, 0, false)));
        assertEquals(new Verdict(true, null), ALL.judge(new Facts(true, 3.0, 600.0, 0, 0, false)), "at the minimum is fast enough");
        assertEquals(new Verdict(false, "min_seconds_per_study"), ALL.judge(new Facts(true, 12.0, 119.9, 0, 0, false)));
        assertEquals(new Verdict(true, null), ALL.judge(new Facts(true, 12.0, 120.0, 1, 0, false)), "one failed check of two allowed");
        assertEquals(new Verdict(false, "attention_checks_failed"), ALL.judge(new Facts(true, 12.0, 600.0, 2, 0, false)));
        assertEquals(new Verdict(false, "clips_not_watched"), ALL.judge(new Facts(true, 12.0, 600.0, 0, 1, false)));
        assertEquals(new Verdict(false, "duplicate_devices"), ALL.judge(new Facts(true, 12.0, 600.0, 0, 0, true)));
        assertEquals(new Verdict(true, null), ALL.judge(new Facts(true, null, 600.0, 0, 0, false)), "no page with questions: no median, no exclusion");
    }

    @Test
    void theFirstRuleInTheDeclaredOrderIsRecorded() {
        Facts both = new Facts(true, 1.0, 600.0, 3, 0, false);
        assertEquals("min_seconds_per_page", ALL.judge(both).excludedBy());
        ExclusionRules reversed = new ExclusionRules(List.of(new ExclusionRule("attention_checks_failed", 1.0),
                new ExclusionRule("min_seconds_per_page", 3.0)));
        assertEquals("attention_checks_failed", reversed.judge(both).excludedBy());
        assertEquals("not_completed", reversed.judge(new Facts(false, 1.0, null, 3, 0, false)).excludedBy(), "not_completed comes first");
        assertEquals(new Verdict(true, null), new ExclusionRules(null).judge(new Facts(true, 0.1, 1.0, 9, 9, true)),
                "no declared rules: only not completing excludes");
    }

    @Test
    void rulesAreStatedInPlainWordsAndAsColumnTests() {
        assertEquals(List.of("status != completed", "median_page_seconds < 3", "total_seconds < 120", "attention_failed >= 2",
                "clips_unwatched > 0", "duplicate_device == true"), ALL.applied().stream().map(ExclusionRules::test).toList());
        String speed = ExclusionRules.describe(new ExclusionRule("min_seconds_per_page", 2.5));
        assertTrue(speed.contains("median time on the pages with questions") && speed.contains("below 2.5 seconds"), speed);
        assertTrue(ExclusionRules.describe(new ExclusionRule("attention_checks_failed", 1.0)).contains("at least 1 attention-check question are"));
        assertTrue(ExclusionRules.describe(new ExclusionRule("clips_not_watched", null)).contains("at least 95% of the clip"));
    }
}
