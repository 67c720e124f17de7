package org.atarisaliency.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.pipelines.SharedSettings;

/**
 * {@code study preregistration}: a Markdown preregistration draft from a study YAML, in the structure of AsPredicted and
 * OSF preregistrations: hypotheses (the questions marked {@code hypothesis}), design (conditions, blocks, arms,
 * counterbalancing, agents, clips), dependent variables (every question), exclusion rules, planned analyses (what
 * notebooks/user_study.ipynb computes) and the sample size. A draft for the researcher to complete and check.
 */
public final class StudyPreregistration {
    private StudyPreregistration() {
    }

    /** Writes the draft for {@code config} to {@code out} (atomically: a temporary file renamed into place). */
    public static void write(StudyConfig config, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputFiles.writeText(out.toAbsolutePath(), markdown(config));
    }

    /** The draft as Markdown. */
    public static String markdown(StudyConfig c) {
        List<StudyDefinition.Arm> arms = StudyArms.arms(c, clip -> new StudyArms.BuiltClip("videos/" + clip.fileName(c), ""));
        StringBuilder md = new StringBuilder();
        md.append("# Preregistration (DRAFT): ").append(c.title()).append("\n\n");
        md.append("> **Draft.** Written by `atari-saliency study preregistration` from `").append(c.file().getFileName())
                .append("` (study `").append(c.name()).append("`). Check every section, complete what only you know (the research question,")
                .append(" recruitment, payment, ethics approval) and change what does not fit before you submit it to AsPredicted or OSF.\n\n");
        hypotheses(md, c);
        design(md, c, arms);
        variables(md, c);
        exclusions(md, c);
        analyses(md, c);
        sampleSize(md, c);
        return md.toString();
    }

    private static void hypotheses(StringBuilder md, StudyConfig c) {
        md.append("## 1. Hypotheses\n\n");
        List<StudyConfig.QuestionSpec> tested = questions(c).stream().filter(q -> q.hypothesis() != null).toList();
        if (tested.isEmpty()) {
            md.append("**No hypothesis is stated**: mark the questions that test one with `hypothesis: \"...\"` in the study YAML.\n\n");
        }
        int n = 1;
        for (StudyConfig.QuestionSpec q : tested) {
            md.append("H").append(n++).append(". ").append(q.hypothesis()).append(" (measured by `").append(q.id()).append("`)\n");
        }
        md.append('\n');
    }

    private static void design(StringBuilder md, StudyConfig c, List<StudyDefinition.Arm> arms) {
        md.append("## 2. Design\n\n");
        md.append("**Between subjects:** ");
        if (c.conditions().size() == 1) {
            md.append("one condition (`").append(c.conditions().get(0).id()).append("`); every participant sees the same design.\n\n");
        } else {
            md.append(c.conditions().size()).append(" conditions, each participant in one:\n\n");
            for (StudyConfig.Condition k : c.conditions()) {
                md.append("- `").append(k.id()).append("`: ").append(saliency(k.saliency())).append("; clips ").append(clip(k.video())).append('\n');
            }
            md.append('\n');
        }
        md.append("**Within subjects:** ");
        if (c.blocks().isEmpty()) {
            md.append("none (no blocks).\n\n");
        } else {
            md.append(c.blocks().size()).append(" blocks, the same pages repeated per block, in this order")
                    .append(c.permuteBlocks() ? " by default (counterbalanced, below)" : " for everyone").append(":\n\n");
            for (StudyConfig.Block b : c.blocks()) {
                md.append("- `").append(b.id()).append("`").append(b.title() == null ? "" : " (\"" + b.title() + "\")").append(": ")
                        .append(saliency(b.saliency())).append('\n');
            }
            md.append('\n');
            if (!c.permuteBlocks()) {
                md.append("The block order is fixed, so the block and its position (first or second look at the same clips) are confounded.\n\n");
            }
        }
        md.append("**Counterbalancing:** labels ").append(c.rotateLabels() ? "rotated (each agent appears under each label in some arm)" : "fixed")
                .append("; block order ").append(c.permuteBlocks() ? "permuted (every order is an arm)" : "fixed").append(".\n\n");
        md.append("**Arms** (participants go to the arm with the fewest participants so far):\n\n");
        md.append("| arm | condition | block order | labels |\n|---|---|---|---|\n");
        for (StudyDefinition.Arm a : arms) {
            md.append("| ").append(a.id()).append(" | ").append(a.condition()).append(" | ")
                    .append(a.blockOrder().isEmpty() ? "-" : String.join(" -> ", a.blockOrder())).append(" | ")
                    .append(a.labels().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "))).append(" |\n");
        }
        md.append("\n**Agents** (shown under the labels \"").append(c.label(0)).append("\", \"").append(c.label(1 % Math.max(1, c.agents().size())))
                .append("\", ...; their ids are never shown):\n\n");
        for (StudyConfig.Agent a : c.agents().values()) {
            md.append("- `").append(a.id()).append("`: ").append(a.file().getFileName()).append(", playing ").append(a.game())
                    .append(", hint strip ").append(a.hints().startsWith("expert:") ? "showing its expert's action" : a.hints())
                    .append(a.variant().equals(SharedSettings.VARIANT.defaultValue()) ? "" : ", game variant " + a.variant()).append('\n');
        }
        md.append("\n**Clips:** every clip is recorded with seed ").append(c.seed()).append(" and ").append(clip(c.video()))
                .append(". A clip with saliency shows the same play as the clip without, with the ").append(c.video().overlay())
                .append(" saliency overlay drawn on it.\n\n");
        md.append("**Pages, in order:** ").append(c.pages().stream().map(p -> p.id() + (p.repeated() ? " (per block)" : ""))
                .collect(Collectors.joining(", "))).append(".\n\n");
    }

    private static void variables(StringBuilder md, StudyConfig c) {
        md.append("## 3. Dependent variables\n\n");
        md.append("| page | question | type | options | correct answer | role |\n|---|---|---|---|---|---|\n");
        for (StudyConfig.PageSpec p : c.pages()) {
            for (StudyConfig.QuestionSpec q : p.questions()) {
                String options = switch (q.type()) {
                    case "slider" -> number(q.min()) + " to " + number(q.max()) + " in steps of " + number(q.step());
                    case "text" -> "free text, at most " + q.maxLength() + " characters";
                    default -> q.options().stream().map(o -> o.equals(StudyConfig.AGENTS_TOKEN) ? "(the agents' labels)" : o)
                            .collect(Collectors.joining("; "));
                };
                String role = q.attention() ? "attention check" : p.type().equals("check") ? "comprehension check (retried until right)"
                        : q.hypothesis() != null ? "tests a hypothesis" : "measure";
                md.append("| ").append(p.id()).append(p.repeated() ? " (per block)" : "").append(" | ").append(cell(q.prompt())).append(" (`")
                        .append(q.id()).append("`) | ").append(q.type()).append(" | ").append(cell(options)).append(" | ")
                        .append(q.correct() == null ? "-" : cell(q.correct())).append(" | ").append(role).append(" |\n");
            }
        }
        md.append("\nAlso recorded: the time from each page being shown to its submission, and the video players' play, pause, seek and end events.\n\n");
    }

    private static void exclusions(StringBuilder md, StudyConfig c) {
        md.append("## 4. Exclusion rules\n\n");
        md.append("Applied in this order by `study export` (columns `included` and `excluded_by`) and by the analysis notebook;"
                + " the first rule that applies is recorded as the reason.\n\n");
        int n = 1;
        for (ExclusionRule r : new ExclusionRules(c.exclusions()).applied()) {
            md.append(n++).append(". ").append(ExclusionRules.describe(r)).append(" (`").append(r.rule()).append("`)\n");
        }
        md.append("\nParticipants who complete the study are paid whether or not they are excluded from the analysis; a Prolific"
                + " submission is rejected only after two or more failed attention checks.\n\n");
    }

    private static void analyses(StringBuilder md, StudyConfig c) {
        md.append("## 5. Planned analyses\n\n");
        md.append("All on the included participants, as notebooks/user_study.ipynb computes them; two-sided p values, not corrected for"
                + " multiple tests (**state your alpha and any correction here**).\n\n");
        md.append("- **Correct answers:** for every question with a correct answer (not attention or comprehension checks), the share of"
                + " participants choosing the correct agent, the other agent and \"Can't tell\", per block and condition, each with a Wilson"
                + " score 95% interval.\n");
        if (c.blocks().size() >= 2) {
            String pair = c.blocks().get(0).id() + "` and `" + c.blocks().get(1).id();
            md.append("- **Within subjects (blocks `").append(pair).append("`):** an exact McNemar test of correct in the first block against"
                    + " correct in the second, per participant (two-sided binomial test of the discordant pairs with p = 1/2).\n");
            md.append("- **Sliders within subjects:** a Wilcoxon signed-rank test of the paired difference (second block minus first, zero"
                    + " differences dropped), with the matched-pairs rank-biserial correlation.\n");
        }
        if (c.conditions().size() >= 2) {
            md.append("- **Between subjects:** for each factor in the condition names (e.g. `saliency`, `summary`), participants with the factor"
                    + " against those without, pooled over the other factors: a two-sided Mann-Whitney U test of each slider (mean over blocks)"
                    + " and of the mean of the `sat_*` items, with the rank-biserial r = 2 CL - 1 and the common-language effect size CL;"
                    + " correct answers with and without the factor by Fisher's exact test. Interactions are not tested.\n");
        }
        md.append("- **Descriptive only:** seconds per page, video viewing (plays, seeks, watched to the end), comprehension-check attempts,"
                + " free-text answers.\n\n");
    }

    private static void sampleSize(StringBuilder md, StudyConfig c) {
        md.append("## 6. Sample size\n\n");
        if (c.sampleSize() == null) {
            md.append("**TO BE DECIDED: no `sample_size` in the study YAML.** State the number of included participants you will"
                    + " analyse and how you chose it (e.g. a power analysis) before you preregister.\n\n");
        } else {
            md.append(c.sampleSize()).append(" included participants (after the exclusions above). Recruit until this many are included;"
                    + " state how you chose the number (e.g. a power analysis).\n\n");
        }
    }

    private static List<StudyConfig.QuestionSpec> questions(StudyConfig c) {
        List<StudyConfig.QuestionSpec> all = new ArrayList<>();
        c.pages().forEach(p -> all.addAll(p.questions()));
        return all;
    }

    private static String saliency(Boolean saliency) {
        return saliency == null ? "saliency as the clips are set" : saliency ? "clips with saliency" : "clips without saliency";
    }

    private static String clip(StudyConfig.VideoSettings v) {
        String start = v.start() < 0 ? "starting where the policy is most decided within the first " + v.scan() + " steps (highlights)"
                : "starting after " + v.start() + " steps";
        return String.format(Locale.ROOT, "%d frames at %d fps (%.1f s), %s, %s actions", v.frames(), v.fps(), v.frames() / (double) v.fps(), start,
                v.policy());
    }

    private static String number(Double v) {
        return ExclusionRules.number(v);
    }

    /** Text for a Markdown table cell. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
