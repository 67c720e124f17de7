package org.atarisaliency.study.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.pipelines.Checksums;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.StudyDefinition.Arm;
import org.atarisaliency.study.StudyDefinition.Completion;
import org.atarisaliency.study.StudyDefinition.Option;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Question;
import org.atarisaliency.study.StudyDefinition.Video;
import org.atarisaliency.video.Mp4Writer;

/**
 * A small built study folder for the tests: two arms (conditions "with" and "without", the agent labels
 * swapped), pages consent, check, video (two real H.264 videos of 0.5 s, requireEnd), questions (choice, likert,
 * slider, text, an attention check) and debrief.
 */
final class StudyFixture {
    static final String CODE = "C0DE-123";
    static final String REDIRECT = "https://app.prolific.com/submissions/complete?cc=C0DE-123";
    /** Text on the consent page that must come out escaped. */
    static final String HOSTILE = "<script>alert('x')</script> & \"quoted\"";
    /** Answers stored per participant who gets the check right at once and answers every question. */
    static final int ANSWERS_PER_PARTICIPANT = 6;
    /** How long each fixture video plays. */
    static final long VIDEO_MILLIS = 500;

    private StudyFixture() {
    }

    /** Writes study.json and the videos into {@code dir}; returns the definition. */
    static StudyDefinition write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("videos"));
        video(dir.resolve("videos/overfit.saliency.mp4"), 0xff4040);
        video(dir.resolve("videos/control.saliency.mp4"), 0x4040ff);
        StudyDefinition d = definition();
        Files.writeString(dir.resolve("study.json"), d.toJson());
        writeChecksums(dir);
        return d;
    }

    /** Writes checksums.sha256 for study.json and the videos, as study build does. */
    static void writeChecksums(Path dir) throws IOException {
        StringBuilder sums = new StringBuilder();
        for (String f : List.of("study.json", "videos/control.saliency.mp4", "videos/overfit.saliency.mp4")) {
            sums.append(Checksums.sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        Files.writeString(dir.resolve("checksums.sha256"), sums.toString());
    }

    private static void video(Path file, int colour) throws IOException {
        try (Mp4Writer w = new Mp4Writer(file, 64, 64, 20)) {
            int[] frame = new int[64 * 64];
            for (int f = 0; f < 10; f++) {
                for (int i = 0; i < frame.length; i++) {
                    int x = i % 64;
                    frame[i] = x < f * 3 ? colour : 0x101010;
                }
                w.write(frame);
            }
        }
    }

    static StudyDefinition definition() {
        return new StudyDefinition(StudyDefinition.FORMAT, "fixture-study", "Which agent overfits?", 7,
                new Completion(CODE, REDIRECT, 5), List.of("with", "without"),
                List.of(arm("A", "with", "overfit", "control"), arm("B", "without", "control", "overfit")), Map.of("tool", "test"));
    }

    private static Arm arm(String id, String condition, String agent1, String agent2) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("Agent 1", agent1);
        labels.put("Agent 2", agent2);
        List<Page> pages = new ArrayList<>();
        pages.add(new Page("consent", "consent", null, "Consent", "Please read this.\n\n" + HOSTILE, List.of(), false, List.of(), null, "Start"));
        pages.add(new Page("check", "check", null, "Did you understand?", "Agents play Pong.", List.of(), false,
                List.of(new Question("understand", "choice", "What do the agents play?", List.of(new Option("Pong", "Pong"), new Option("Chess", "Chess")),
                        "Pong", true, false, null, null, null, null, null, null)),
                "Not quite: they play Pong.", "Check"));
        pages.add(new Page("videos.b1", "video", "b1", "Watch both agents", "Watch both videos to the end.",
                List.of(new Video("Agent 1", "videos/" + agent1 + ".saliency.mp4", "x", agent1, true),
                        new Video("Agent 2", "videos/" + agent2 + ".saliency.mp4", "y", agent2, true)),
                true, List.of(), null, "Next"));
        List<Option> likert = new ArrayList<>();
        String[] agree = {"Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"};
        for (int i = 0; i < agree.length; i++) {
            likert.add(new Option(agree[i], Integer.toString(i + 1)));
        }
        pages.add(new Page("rate.b1", "questions", "b1", "Your judgement", null, List.of(), false, List.of(
                new Question("which", "choice", "Which agent overfits?", List.of(new Option("Agent 1", agent1), new Option("Agent 2", agent2),
                        new Option("Can't tell", "Can't tell")), "overfit", true, false, null, null, null, null, null, null),
                new Question("trust", "likert", "I trust the saliency maps.", likert, null, true, false, null, null, null, "Disagree", "Agree", null),
                new Question("confidence", "slider", "How confident are you?", null, null, true, false, 0.0, 100.0, 5.0, "Not at all", "Fully", null),
                new Question("why", "text", "Why?", null, null, false, false, null, null, null, null, null, 500),
                new Question("attn", "choice", "Please choose Blue.", List.of(new Option("Red", "Red"), new Option("Blue", "Blue")), "Blue", true, true,
                        null, null, null, null, null, null)), null, "Next"));
        pages.add(new Page("debrief", "debrief", null, "Thank you", "The study is over.", List.of(), false, List.of(), null, "Back to Prolific"));
        return new Arm(id, condition, List.of("b1"), labels, pages);
    }
}
