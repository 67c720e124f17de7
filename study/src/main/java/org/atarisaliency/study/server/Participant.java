package org.atarisaliency.study.server;

/**
 * One participation as the database holds it. The cookie token itself is never kept (only its hash), so a
 * participant is found by the token but the token cannot be read back.
 *
 * @param id          internal id (the one the exports use)
 * @param prolificPid the Prolific participant id, or null for a lab participant
 * @param studyId     Prolific STUDY_ID, or null
 * @param sessionId   Prolific SESSION_ID, or null
 * @param arm         the assigned arm's id
 * @param condition   the arm's condition
 * @param status      in_progress, completed or declined
 * @param pageIndex   the page the participant is on (0-based, into the arm's pages)
 * @param csrf        the CSRF token every POST of this participant must carry
 * @param startedAt   epoch ms
 * @param finishedAt  epoch ms, or null
 */
public record Participant(long id, String prolificPid, String studyId, String sessionId, String arm,
                          String condition, String status, int pageIndex, String csrf, long startedAt, Long finishedAt) {
    /** The status of a participation that goes on. */
    public static final String IN_PROGRESS = "in_progress";
    /** The status after the debrief page was reached. */
    public static final String COMPLETED = "completed";
    /** The status after "I do not agree" on the consent page. */
    public static final String DECLINED = "declined";

    /** Whether the participation has ended (completed or declined). */
    public boolean finished() {
        return !IN_PROGRESS.equals(status);
    }
}
