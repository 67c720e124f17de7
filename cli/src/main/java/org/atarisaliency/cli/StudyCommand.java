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
        description = {"Run a user study of agents and their saliency (build, serve, export).",
            "A study YAML (pages, conditions, blocks, questions, videos; examples/study-paper.yaml) is built into a study folder,",
            "served to participants (Prolific or a lab) and exported for analysis",
            "(notebooks/user_study.ipynb); study preview renders every page for a pilot check; study preregistration drafts its preregistration."},
        subcommands = {StudyCommand.Build.class, StudyCommand.Preview.class, StudyCommand.Serve.class, StudyCommand.Export.class,
            StudyCommand.Preregistration.class})
public final class StudyCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: build, preview, serve, export or preregistration; see atari-saliency study --help");
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

        @Option(names = "--force", description = {"Replace an existing study folder at --out that holds only what a build wrote (its checksums.sha256)",
                "and at most an empty study.sqlite; collected answers and any other file are never deleted."})
        boolean force;

        @Option(names = "--dry-run", description = "Check the YAML and load every agent against its game as the build does, then list the arms and videos without recording.")
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
                StudyBuild.checkAgents(c);
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
            PrintWriter err = spec.commandLine().getErr();
            StudyBuild.Result r = StudyBuild.build(c, out, force, new StudyBuild.Listener() {
                @Override
                public void onClip(int index, int total, String name, int frame, int frames) {
                    double done = (index - 1 + frame / (double) frames) / total;
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    progress.show(String.format("%s video %d/%d %s  frame %d/%d  ETA %s", ProgressLine.bar((int) Math.round(done * 1000), 1000, 24),
                            index, total, name, frame, frames, ProgressLine.duration(done <= 0 ? Double.NaN : elapsed * (1 - done) / done)), false);
                }

                @Override
                public void onNote(String line) {
                    progress.finish();
                    err.println("study build: note: " + line);
                    err.flush();
                }
            });
            progress.finish();
            o.printf("built %s: %d videos in %.0f s -> %s%n", c.name(), r.videos().size(), r.seconds(), r.folder());
            o.printf("serve it with: %s%n", Launcher.command("study", "serve", r.folder()));
            o.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code study serve}. */
    @Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Serve a built study to participants until Ctrl-C. Participants enter at / (from Prolific",
                "with ?PROLIFIC_PID=...&STUDY_ID=...&SESSION_ID=..., or without in a lab); everything they do is",
                "stored in a SQLite database (WAL, every acknowledged answer durable). Researchers see progress at",
                "/admin (sign in with the admin token). Restarting on the same database resumes."})
    static final class Serve implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "STUDY_DIR", description = "A folder made by study build.")
        Path dir;

        @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
                description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only, e.g. behind a reverse proxy with HTTPS; 0.0.0.0 for every network, e.g. a lab).")
        String host;

        @Option(names = "--db", paramLabel = "FILE", description = "The database (default: STUDY_DIR/study.sqlite; created if missing).")
        Path db;

        @Option(names = "--admin-token-file", paramLabel = "FILE",
                description = {"A file whose first line is the /admin token: at least 32 characters, 12 of them different (default:"
                        + " $ATARI_STUDY_ADMIN_TOKEN, else a random one printed at start). Researchers sign in at /admin; the token"
                        + " is never accepted in a URL."})
        Path tokenFile;

        @Option(names = "--admin-token", paramLabel = "TOKEN", hidden = true,
                description = "Refused: a token on the command line shows in `ps` to every user of the machine.")
        String tokenOnCommandLine;

        /** Environment variable that may hold the admin token. */
        static final String TOKEN_VARIABLE = "ATARI_STUDY_ADMIN_TOKEN";

        @Override
        public Integer call() throws Exception {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
            }
            String token = adminToken();
            Path database = db != null ? db : dir.resolve("study.sqlite");
            org.atarisaliency.study.server.StudyServer.Running r;
            try {
                r = org.atarisaliency.study.server.StudyServer.start(dir, database, host, port, token);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            String shown = host.equals("0.0.0.0") ? "localhost" : host;
            PrintWriter o = spec.commandLine().getOut();
            o.printf("serving %s (database %s)%n", dir.toAbsolutePath().normalize(), database.toAbsolutePath().normalize());
            o.printf("participants: http://%s:%d/   (Prolific: http://HOST/?PROLIFIC_PID={{%%PROLIFIC_PID%%}}&STUDY_ID={{%%STUDY_ID%%}}&SESSION_ID={{%%SESSION_ID%%}})%n",
                    shown, r.port());
            o.printf("admin:        http://%s:%d/admin   (sign in with %s)%n", shown, r.port(),
                    token != null ? (tokenFile != null ? "the token in " + tokenFile : "$" + TOKEN_VARIABLE) : "the token " + r.adminToken());
            o.println("stop with Ctrl-C; restarting on the same database resumes every participant");
            o.flush();
            java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                r.close();
                stopped.countDown();
            }));
            stopped.await();
            return ExitCodes.OK;
        }

        /** The admin token from --admin-token-file or the environment, or null for a random one. */
        private String adminToken() throws java.io.IOException {
            if (tokenOnCommandLine != null) {
                throw new IllegalArgumentException("--admin-token is refused: a token on the command line shows in `ps` to every user of this machine;"
                        + " put it in a file (--admin-token-file FILE) or in $" + TOKEN_VARIABLE);
            }
            if (tokenFile != null) {
                if (!java.nio.file.Files.isRegularFile(tokenFile)) {
                    throw new java.nio.file.NoSuchFileException(tokenFile.toString());
                }
                String first = java.nio.file.Files.readAllLines(tokenFile).stream().findFirst().orElse("").strip();
                if (first.isEmpty()) {
                    throw new IllegalArgumentException("--admin-token-file " + tokenFile + " is empty; write the token on its first line");
                }
                return first;
            }
            String fromEnvironment = System.getenv(TOKEN_VARIABLE);
            return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
        }
    }

    /** {@code study preview}. */
    @Command(name = "preview", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Render every page of every arm of a built study to PNG with headless Chromium, at 1280x800 (laptop)",
                "and 390x844 (phone), each the page's full height, plus index.html that shows them all: read every page",
                "before a pilot. Needs no database and no participants. Files: ARM_pNN_PAGEID_WxH.png."})
    static final class Preview implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "STUDY_DIR", description = "A built study folder (study build's --out).")
        Path study;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write (whole, or not at all).")
        Path out;

        @Option(names = "--force", description = "Replace an existing --out folder.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (!org.atarisaliency.study.server.HeadlessChromium.available()) {
                throw new UserFacingException(org.atarisaliency.study.server.HeadlessChromium.missing());
            }
            java.util.List<org.atarisaliency.study.server.StudyPreview.Shot> shots;
            try {
                ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), false);
                shots = org.atarisaliency.study.server.StudyPreview.render(study, out, force, (done, total, shot) -> progress.fraction(
                        String.format("page %d/%d  %s p%02d %s", done, total, shot.arm(), shot.number(), shot.pageId()), done / (double) total));
                progress.finish();
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new IllegalArgumentException(e.getFile() + " already exists; choose another --out or add --force to replace it", e);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            PrintWriter o = spec.commandLine().getOut();
            int files = shots.stream().mapToInt(s -> s.files().size()).sum();
            o.printf("previewed %d page(s) as %d PNG(s) -> %s (open index.html)%n", shots.size(), files, out.toAbsolutePath().normalize());
            o.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code study export}. */
    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Export a study database for analysis: answers.csv (long format, one row per answer, with",
                "arm, condition, block order, labels, correctness and timings), participants.csv (with the exclusion flags,",
                "included and excluded_by), exclusions.json, prolific.csv (draft Prolific decisions) and events.csv",
                "(video play/pause/seeked/ended). notebooks/user_study.ipynb analyses them (ATARI_STUDY_EXPORT=DIR)."})
    static final class Export implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--db", required = true, paramLabel = "FILE", description = "The study database (study serve's --db).")
        Path db;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "The export folder, written as a whole (an earlier export there is replaced; a folder with other files is refused).")
        Path out;

        @Option(names = "--study", paramLabel = "STUDY_DIR", description = "The study folder (default: the one the database was served from).")
        Path study;

        @Override
        public Integer call() throws Exception {
            if (!java.nio.file.Files.isRegularFile(db)) {
                throw new IllegalArgumentException("no database at " + db + "; pass the --db that study serve used (default STUDY_DIR/study.sqlite)");
            }
            org.atarisaliency.study.server.StudyExport.Summary s;
            try {
                s = org.atarisaliency.study.server.StudyExport.export(db, study, out);
            } catch (org.atarisaliency.pipelines.OutputException e) {
                throw e;
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf("exported %d participants, %d answers, %d video events -> %s (%s)%n", s.participants(), s.answers(), s.events(),
                    out.toAbsolutePath().normalize(), String.join(", ", org.atarisaliency.study.server.StudyExport.FILES));
            Path export = out.toAbsolutePath().normalize();
            o.printf("analyse (packages: %s): %s%n", Launcher.command("setup", "--tests"), Launcher.studyNotebook(export, export.resolve("analysis")));
            o.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code study preregistration}. */
    @Command(name = "preregistration", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write a preregistration draft (Markdown, in the structure of AsPredicted and OSF) from a study YAML:",
                "hypotheses (questions with 'hypothesis'), design, arms, counterbalancing, agents and clips, every question,",
                "the exclusion rules, the analyses notebooks/user_study.ipynb runs, and the sample size. A draft to review."})
    static final class Preregistration implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "The study (see examples/study-paper.yaml).")
        Path file;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The Markdown file to write.")
        Path out;

        @Option(names = "--force", description = "Replace an existing file at --out.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            StudyConfig c = StudyConfig.load(file);
            if (java.nio.file.Files.isDirectory(out)) {
                throw new IllegalArgumentException(out + " is a folder; give --out a file name (e.g. preregistration.md)");
            }
            if (java.nio.file.Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
                throw new IllegalArgumentException(out + " already exists; choose another --out or add --force to replace it");
            }
            org.atarisaliency.study.StudyPreregistration.write(c, out);
            PrintWriter o = spec.commandLine().getOut();
            o.printf("wrote a preregistration draft for %s -> %s (review it before you submit it)%n", c.name(), out.toAbsolutePath().normalize());
            if (c.sampleSize() == null) {
                o.println("note: the study YAML has no sample_size; the draft says the sample size is to be decided");
            }
            o.flush();
            return ExitCodes.OK;
        }
    }
}
