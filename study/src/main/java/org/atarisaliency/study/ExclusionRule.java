package org.atarisaliency.study;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One exclusion rule as the study YAML's {@code exclusions:} block declares it (see {@link ExclusionRules}).
 *
 * @param rule  the YAML key (min_seconds_per_page, min_seconds_per_study, attention_checks_failed, clips_not_watched,
 *              duplicate_devices; not_completed is always applied and never declared)
 * @param value the threshold of a numeric rule; null for a yes/no rule (declared {@code true})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExclusionRule(String rule, Double value) {
}
