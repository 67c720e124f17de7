package org.atarisaliency.study.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.study.ExclusionRules;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.StudyDefinition.Arm;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Question;
import org.atarisaliency.study.StudyDefinition.Video;

/**
 * Gathers from a study database what {@link ExclusionRules} judge: per participant, the median seconds on their pages with
 * questions, the seconds the study took, the attention checks failed, the clips not watched and whether their device
 * was seen before. {@link #gather} is the one place that reads these facts.
 */
final class ExclusionFacts {
    private ExclusionFacts() {
    }

    /** Per participant: {attention checks answered rightly, attention checks answered}, by each one's final attempt. */
    static Map<Long, int[]> attention(StudyDatabase db, StudyDefinition d) {
        Map<Long, int[]> attention = new HashMap<>();
        db.query("SELECT a.participant, p.arm, a.page_id, a.question_id, a.correct FROM answers a JOIN participants p ON p.id = a.participant"
                + " WHERE a.attempt = (SELECT max(b.attempt) FROM answers b WHERE b.participant = a.participant AND b.page_id = a.page_id"
                + " AND b.question_id = a.question_id)", List.of(), r -> {
                    Question q = StudyExport.question(StudyExport.page(d.arm(r.getString(2)), r.getString(3)), r.getString(4));
                    if (q != null && q.attention()) {
                        int[] c = attention.computeIfAbsent(r.getLong(1), k -> new int[2]);
                        c[1]++;
                        if (r.getInt(5) == 1) {
                            c[0]++;
                        }
                    }
                });
        return attention;
    }

    /**
     * The facts of every participant, by internal id, in id order. Clips watched: the server's own test for a page
     * that requires watching ({@code watched}: {@link ClipWatching#all}, which the export also writes as clips.csv); device: the salted hash of address and user
     * agent the server recorded at consent, the same as an earlier participant's (a participant without one matches nobody).
     */
    static Map<Long, ExclusionRules.Facts> gather(StudyDatabase db, StudyFolder study, List<ClipWatching.Watched> watched) {
        StudyDefinition d = study.definition();
        Map<Long, int[]> attention = attention(db, d);
        Map<Long, List<Double>> pageSeconds = new HashMap<>();
        Map<Long, Integer> unwatched = new HashMap<>();
        db.query("SELECT v.participant, p.arm, v.page_id, v.shown_at, v.submitted_at FROM page_visits v JOIN participants p ON p.id = v.participant"
                + " ORDER BY v.participant, v.page_index", List.of(), r -> {
                    Page page = StudyExport.page(d.arm(r.getString(2)), r.getString(3));
                    long submitted = r.getLong(5);
                    if (page != null && !StudyFolder.nonNull(page.questions()).isEmpty() && !r.wasNull()) {
                        pageSeconds.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add((submitted - r.getLong(4)) / 1000.0);
                    }
                });
        for (ClipWatching.Watched w : watched) {
            if (w.page().requireEnd()) {
                unwatched.merge(w.participant(), w.coverage().complete() ? 0 : 1, Integer::sum);
            }
        }
        Map<Long, ExclusionRules.Facts> facts = new LinkedHashMap<>();
        Set<String> devices = new java.util.HashSet<>();
        db.query("SELECT id, status, started_at, finished_at, device FROM participants ORDER BY id", List.of(), r -> {
            long id = r.getLong(1);
            boolean completed = Participant.COMPLETED.equals(r.getString(2));
            long finished = r.getLong(4);
            Double studySeconds = completed && !r.wasNull() ? (finished - r.getLong(3)) / 1000.0 : null;
            String device = r.getString(5);
            boolean duplicate = device != null && !devices.add(device);
            int[] att = attention.getOrDefault(id, new int[2]);
            facts.put(id, new ExclusionRules.Facts(completed, Pages.median(pageSeconds.get(id)), studySeconds, att[1] - att[0],
                    unwatched.getOrDefault(id, 0), duplicate));
        });
        return facts;
    }
}
