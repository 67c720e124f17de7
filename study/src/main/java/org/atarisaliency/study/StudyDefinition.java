package org.atarisaliency.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A built study, as {@code study build} writes it to {@code study.json} and {@code study serve} reads it:
 * every arm (one between-subjects condition with one counterbalancing variant) spelled out as the
 * exact pages its participants see, in order. Nothing here needs the YAML any more.
 *
 * @param format     {@link #FORMAT}
 * @param name       the study's id (file-name safe)
 * @param title      shown in the browser's title bar and page heading
 * @param seed       the seed the videos were recorded with
 * @param completion the completion code (and Prolific redirect) shown on the debrief page
 * @param conditions the between-subjects conditions, in the YAML's order
 * @param arms       every assignable cell; participants go to the least-filled one
 * @param provenance how it was built (tool version, git commit, source YAML sha256, agents' sha256 ...)
 * @param exclusions the exclusion rules the YAML declares, in its order (null: none; not_completed always applies), so that
 *                   {@code study export} needs only the study folder
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudyDefinition(String format, String name, String title, long seed, Completion completion,
                              List<String> conditions, List<Arm> arms, Map<String, Object> provenance, List<ExclusionRule> exclusions) {
    /** The share of a clip's duration a page that requires watching needs played at normal speed (the server checks it; clips_not_watched). */
    public static final double WATCHED_SHARE = 0.95;
    /** The format tag of study.json. */
    public static final String FORMAT = "atari-saliency-study/1";
    /** Names the server's page forms use for their own fields; no question may have one as its id. */
    public static final List<String> RESERVED_QUESTION_IDS = List.of("csrf", "page", "action", "consent");

    /**
     * What ends the study.
     *
     * @param code     the completion code shown as "Your completion code: CODE"
     * @param redirect a URL the debrief page links to (and sends the browser to after {@code redirectSeconds}), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Completion(String code, String redirect, Integer redirectSeconds) {
    }

    /**
     * One assignable cell.
     *
     * @param id         short id, unique in the study ("A", "B", ... or "paper.labels-2")
     * @param condition  the between-subjects condition
     * @param blockOrder the within-subject blocks in the order this arm shows them (may be empty)
     * @param labels     shown label to agent id ("Agent 1" -> "overfit"); the agent ids are never shown
     * @param pages      the pages in order; the last one is the debrief
     */
    public record Arm(String id, String condition, List<String> blockOrder, Map<String, String> labels, List<Page> pages) {
    }

    /**
     * One page.
     *
     * @param id         unique within the arm; pages repeated per block carry the block id ("videos.with")
     * @param type       consent, instructions, questions, check (comprehension check), video or debrief
     * @param block      the within-subject block this page belongs to, or null
     * @param title      the heading
     * @param text       plain text; blank lines separate paragraphs; shown HTML-escaped
     * @param videos     the videos shown side by side (video pages), else empty
     * @param requireEnd whether every video must have played to its end before the page can be submitted
     * @param questions  the questions on this page (any page type but debrief may have some)
     * @param feedback   check pages: shown when an answer is wrong; the participant tries again
     * @param button     the submit button's text
     * @param stills     questions and check pages that ask about the agents: a still of each clip of the video page
     *                   before them, under its label (so the participant sees which clip was "Agent 1"); else empty
     * @param glossary   terms explained on this page (shown as a definition list), or empty
     * @param picture    an annotated picture of the game screen shown on this page, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(String id, String type, String block, String title, String text, List<Video> videos, boolean requireEnd,
                       List<Question> questions, String feedback, String button, List<Image> stills, List<Term> glossary, Image picture) {
        /** A page without stills, glossary or picture. */
        public Page(String id, String type, String block, String title, String text, List<Video> videos, boolean requireEnd,
                    List<Question> questions, String feedback, String button) {
            this(id, type, block, title, text, videos, requireEnd, questions, feedback, button, List.of(), List.of(), null);
        }
    }

    /**
     * A PNG the build made (a clip's still, or the annotated picture of the screen).
     *
     * @param label  shown with it ("Agent 1"; the picture's caption)
     * @param file   path relative to the study folder (stills/overfit.plain.png)
     * @param sha256 of the file
     */
    public record Image(String label, String file, String sha256) {
    }

    /**
     * One glossary entry.
     *
     * @param term        the word ("agent")
     * @param explanation what it means, in plain words
     */
    public record Term(String term, String explanation) {
    }

    /**
     * One video on a page.
     *
     * @param label    what the participant sees above it ("Agent 1")
     * @param file     path relative to the study folder (videos/overfit.saliency.mp4)
     * @param sha256   of the file
     * @param agent    the agent id (for the export, never shown)
     * @param saliency whether the saliency overlay is drawn
     * @param still    a representative frame of the clip (path relative to the study folder), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Video(String label, String file, String sha256, String agent, boolean saliency, Image still) {
        /** A video without a still. */
        public Video(String label, String file, String sha256, String agent, boolean saliency) {
            this(label, file, sha256, agent, saliency, null);
        }
    }

    /**
     * One question.
     *
     * @param id        unique within its page
     * @param type      choice (one of the options), likert (one of the options, stored as its position 1..n),
     *                  slider (a number in min..max by step) or text (free text up to maxLength characters)
     * @param prompt    the question
     * @param options   choice and likert: the options in shown order
     * @param correct   the {@link Option#means} of the right answer (check pages, attention checks, scored questions), or null
     * @param required  whether an answer is needed to go on
     * @param attention whether this is an attention check (recorded as passed/failed, never blocks)
     * @param min       slider minimum
     * @param max       slider maximum
     * @param step      slider step
     * @param minLabel  slider/likert: label at the low end, or null
     * @param maxLabel  slider/likert: label at the high end, or null
     * @param maxLength text: the most characters accepted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Question(String id, String type, String prompt, List<Option> options, String correct, boolean required,
                           boolean attention, Double min, Double max, Double step, String minLabel, String maxLabel, Integer maxLength) {
    }

    /**
     * One option of a choice or likert question.
     *
     * @param value what is shown and stored ("Agent 1", "Can't tell", "Strongly agree")
     * @param means what it means for the analysis in this arm: the agent id behind an agent label, else the value itself
     *              (likert: its position "1".."n")
     */
    public record Option(String value, String means) {
    }

    /** A study without declared exclusion rules. */
    public StudyDefinition(String format, String name, String title, long seed, Completion completion, List<String> conditions, List<Arm> arms,
                           Map<String, Object> provenance) {
        this(format, name, title, seed, completion, conditions, arms, provenance, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads study.json. */
    public static StudyDefinition read(Path file) throws IOException {
        StudyDefinition d = JSON.readValue(file.toFile(), StudyDefinition.class);
        if (!FORMAT.equals(d.format())) {
            throw new IOException(file + " is not a built study (format '" + d.format() + "', expected '" + FORMAT
                    + "'); make one with: atari-saliency study build STUDY.yaml and an output folder");
        }
        return d;
    }

    /** This study as study.json text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The arm with this id, or null. */
    public Arm arm(String id) {
        return arms.stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
    }
}
