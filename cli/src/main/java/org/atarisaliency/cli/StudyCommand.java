package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atarisaliency.study.StudyArms;
import org.atarisaliency.study.StudyBuild;
import org.atarisaliency.study.StudyConfig;
import org.atarisaliency.study.StudyDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code study}: user studies (build the videos, serve the study, export the answers). */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Run a user study of agents and their saliency: a study YAML (pages, conditions,",
            "blocks, questions, videos; examples/study-paper.yaml) is built into a study folder,",
            "served to participants (Prolific or a lab) and exported for analysis",
            "(notebooks/user_study.ipynb)."},
        subcommands = {StudyCommand.Build.class})
public final class StudyCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: build, serve or export; see atari-saliency study --help");
    }

    /** {@code study build}. */
    @Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Check a study YAML and make every video it shows with the toolkit (the same seed and play",
                "with and without the saliency overlay, labels blinded), then write a self-contained study",
                "folder: study.json (every arm's pages), study.yaml, videos/ and checksums.sha256."})
    static final class Build implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "The study (see examples/study-paper.yaml).")
        Path file;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The study folder to write.")
        Path out;

        @Option(names = "--force", description = "Replace an existing study folder at --out.")
        boolean force;

        @Option(names = "--dry-run", description = "Check the YAML and list the arms and videos without recording.")
        boolean dryRun;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            StudyConfig c = StudyConfig.load(file);
            var clips = StudyArms.clips(c);
            var arms = StudyArms.arms(c, clip -> new StudyArms.BuiltClip("videos/(not built)", ""));
            o.printf("study %s: %d condition(s), %d arm(s), %d page(s) per participant, %d video(s) to record%n", c.name(), c.conditions().size(),
                    arms.size(), arms.get(0).pages().size(), clips.size());
            if (dryRun) {
                for (StudyDefinition.Arm a : arms) {
                    o.printf("  arm %-16s condition %-12s blocks %-16s labels %s%n", a.id(), a.condition(),
                            a.blockOrder().isEmpty() ? "-" : String.join(",", a.blockOrder()), a.labels());
                }
                o.flush();
                return ExitCodes.OK;
            }
            o.flush();
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
            long t0 = System.nanoTime();
            StudyBuild.Result r = StudyBuild.build(c, out, force, (index, total, name, frame, frames) -> {
                double done = (index - 1 + frame / (double) frames) / total;
                double elapsed = (System.nanoTime() - t0) / 1e9;
                progress.show(String.format("%s video %d/%d %s  frame %d/%d  ETA %s", ProgressLine.bar((int) Math.round(done * 1000), 1000, 24), index,
                        total, name, frame, frames, ProgressLine.duration(done <= 0 ? Double.NaN : elapsed * (1 - done) / done)), false);
            });
            progress.finish();
            o.printf("built %s: %d videos in %.0f s -> %s%n", c.name(), r.videos().size(), r.seconds(), r.folder());
            o.printf("serve it with: atari-saliency study serve %s%n", r.folder());
            o.flush();
            return ExitCodes.OK;
        }
    }
}
