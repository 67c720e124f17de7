package org.atarisaliency.study.server;

/**
 * A draft decision on one Prolific submission, for the researcher to review (Prolific's rules as the README states them):
 * {@code approve} a completed study (also when the analysis excludes the participant), {@code reject} only for
 * {@value #REJECT_AT} or more failed attention checks, {@code return} an unfinished study, {@code screened-out} a declined
 * consent. Comprehension checks and speed are never grounds for rejection.
 *
 * @param decision approve, reject, return or screened-out
 * @param reason   why, in words for the researcher
 */
record ProlificDecision(String decision, String reason) {
    /** Failed attention checks that allow a rejection (Prolific: at least two for a study of 5 minutes or more). */
    static final int REJECT_AT = 2;
    /** The columns of prolific.csv. */
    static final java.util.List<String> COLUMNS = java.util.List.of("PROLIFIC_PID", "SESSION_ID", "decision", "reason");

    /**
     * The decision for a participant.
     *
     * @param status          in_progress, completed or declined
     * @param attentionFailed attention checks whose final answer is wrong
     * @param excludedBy      the exclusion rule that drops them from the analysis, or null
     */
    static ProlificDecision of(String status, int attentionFailed, String excludedBy) {
        return switch (status) {
            case Participant.DECLINED -> new ProlificDecision("screened-out", "declined consent");
            case Participant.COMPLETED -> attentionFailed >= REJECT_AT
                    ? new ProlificDecision("reject", "failed " + attentionFailed + " attention checks (Prolific allows rejection from "
                            + REJECT_AT + " failed attention checks on)")
                    : new ProlificDecision("approve", "completed" + (excludedBy == null ? ""
                            : "; excluded from the analysis by " + excludedBy + ", still paid"));
            default -> new ProlificDecision("return", "did not complete the study: ask them to return the submission");
        };
    }
}
