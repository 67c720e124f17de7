package org.atarisaliency.study.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Video;

/**
 * How much of every clip each participant watched, from the database's playback reports: one {@link Watched} per
 * participant, video page they were shown and clip on it, in participant and page order. The export's clips.csv
 * and the exclusion rule {@code clips_not_watched} both read it, so they cannot disagree.
 */
final class ClipWatching {
    private ClipWatching() {
    }

    /**
     * One clip as one participant watched it on one page.
     *
     * @param participant the participant's internal id
     * @param page        the video page
     * @param video       the clip
     * @param duration    the clip's length in seconds
     * @param coverage    what {@link WatchCoverage#ofClip} makes of the participant's reports of it
     */
    record Watched(long participant, Page page, Video video, double duration, WatchCoverage.Coverage coverage) {
    }

    static List<Watched> all(StudyDatabase db, StudyFolder study) {
        Map<String, List<WatchCoverage.Report>> reports = new HashMap<>();
        db.query("SELECT " + StudyDatabase.REPORT_COLUMNS + " FROM events ORDER BY id", List.of(), r -> reports.computeIfAbsent(
                key(r.getLong(1), r.getString(2), r.getString(3)), k -> new ArrayList<>()).add(StudyDatabase.report(r)));
        List<Watched> out = new ArrayList<>();
        db.query("SELECT v.participant, p.arm, v.page_id FROM page_visits v JOIN participants p ON p.id = v.participant ORDER BY v.participant,"
                + " v.page_index", List.of(), r -> {
                    long participant = r.getLong(1);
                    Page page = StudyExport.page(study.definition().arm(r.getString(2)), r.getString(3));
                    for (Video v : page == null ? List.<Video>of() : StudyFolder.nonNull(page.videos())) {
                        double duration = study.seconds().getOrDefault(v.file(), 0.0);
                        out.add(new Watched(participant, page, v, duration,
                                WatchCoverage.ofClip(reports.getOrDefault(key(participant, page.id(), v.label()), List.of()), duration)));
                    }
                });
        return out;
    }

    private static String key(long participant, String pageId, String label) {
        return participant + "\n" + pageId + "\n" + label;
    }
}
