package org.atarisaliency.cli.experiment;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.atarisaliency.cli.Main;
import org.atarisaliency.cli.ProgressLine;

/**
 * Jobs that are one run of an existing command (evaluate, memory, sanity, record): the spec is
 * turned into that command's arguments, so a job gives exactly what the command gives, and the
 * arguments are recorded in the job's status for anyone who wants to rerun it by hand.
 */
final class CommandJob {
    private CommandJob() {
    }

    /** Whether jobs of this type run a command. */
    static boolean handles(String type) {
        return List.of("evaluate", "memory", "sanity", "video").contains(type);
    }

    /** The command line of a job, writing into {@code dir}. */
    static List<String> arguments(JobSpec job, Path dir) {
        Map<String, Object> s = job.section("settings");
        List<String> a = new ArrayList<>();
        a.add(job.type().equals("video") ? "record" : job.type());
        a.add("--agent");
        a.add(String.valueOf(job.section("agent").get("file")));
        a.add("--game");
        a.add(String.valueOf(job.section("game").get("id")));
        a.add("--rom");
        a.add(String.valueOf(job.section("game").get("rom")));
        a.add("--seed");
        a.add(Long.toString(job.seed()));
        switch (job.type()) {
            case "evaluate" -> {
                add(a, "--episodes", s.get("episodes"));
                add(a, "--max-steps", s.get("max_steps"));
                add(a, "--policy", s.get("policy"));
                add(a, "--parallel", s.get("parallel"));
                a.add("--json");
            }
            case "memory" -> {
                add(a, "--frames", s.get("frames"));
                add(a, "--memory-scale", s.get("memory_scale"));
                add(a, "--noise", s.get("noise"));
                add(a, "--policy", s.get("policy"));
                add(a, "--window", s.get("window"));
                add(a, "--recovery-every", s.get("recovery_every"));
                @SuppressWarnings("unchecked")
                List<Object> periods = (List<Object>) s.get("ablation_periods");
                add(a, "--ablation-periods", String.join(",", periods.stream().map(String::valueOf).toList()));
                add(a, "--ablation-episodes", s.get("ablation_episodes"));
                add(a, "--ablation-max-steps", s.get("ablation_max_steps"));
                add(a, "--stride", s.get("stride"));
                add(a, "--radius", s.get("radius"));
                add(a, "--out", dir.toString());
            }
            case "sanity" -> {
                add(a, "--frames", s.get("frames"));
                add(a, "--skip", s.get("skip"));
                add(a, "--interval", s.get("interval"));
                add(a, "--stride", s.get("stride"));
                add(a, "--radius", s.get("radius"));
                add(a, "--steps", s.get("steps"));
                a.add("--json");
            }
            case "video" -> {
                Map<String, Object> f = job.section("frames");
                add(a, "--start", f.get("start"));
                add(a, "--frames", f.get("count"));
                add(a, "--fps", s.get("fps"));
                add(a, "--scale", s.get("scale"));
                add(a, "--stride", s.get("stride"));
                add(a, "--radius", s.get("radius"));
                add(a, "--overlay", s.get("overlay"));
                add(a, "--policy", s.get("policy"));
                add(a, "--memory-scale", s.get("memory_scale"));
                add(a, "--out", dir.resolve("video.mp4").toString());
            }
            default -> throw new IllegalArgumentException("not a command job: " + job.type());
        }
        a.add("--quiet");
        return a;
    }

    /** Runs the job's command; its JSON output (evaluate, sanity) goes to TYPE.json in {@code dir}. */
    static void run(JobSpec job, Path dir, java.util.function.DoubleConsumer progress) throws Exception {
        List<String> args = arguments(job, dir);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = ProgressLine.reportingFractionsTo(progress,
                () -> Main.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args.toArray(String[]::new)));
        if (code != 0) {
            String msg = err.toString().strip();
            throw new JobFailedException(msg.isEmpty() ? job.type() + " exited with code " + code : msg.replaceFirst("^error: ", ""));
        }
        if (args.contains("--json")) {
            Files.writeString(dir.resolve(job.type() + ".json"), out.toString(), StandardCharsets.UTF_8);
        }
    }

    private static void add(List<String> a, String option, Object value) {
        a.add(option);
        a.add(String.valueOf(value));
    }
}
