package org.atarisaliency.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.agents.play.Step;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.experiment.ConfigException;
import org.atarisaliency.pipelines.Checksums;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.Perturbation;
import org.atarisaliency.pipelines.Provenance;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.pipelines.SharedSettings;
import org.atarisaliency.video.Mp4Writer;

/**
 * {@code study build}: records every clip a study shows with the record pipeline (the same seed and
 * settings with and without the overlay, so both show the same play; checked step by step), then
 * writes the self-contained study folder: study.json (every arm's pages), the source YAML, videos/
 * (each clip's MP4 and its run.json and steps.csv) and checksums.sha256. The folder is built under a
 * temporary name and renamed into place only when complete.
 */
public final class StudyBuild {
    /** Progress callbacks. */
    public interface Listener {
        /** Clip {@code index} of {@code total} ({@code name}) recorded {@code frame} of {@code frames} frames. */
        void onClip(int index, int total, String name, int frame, int frames);

        /** A one-line note for the user (e.g. what a build removed). */
        default void onNote(String line) {
        }
    }

    /** What was built. */
    public record Result(Path folder, StudyDefinition study, List<Path> videos, double seconds) {
    }

    /** The partial folder of a build: "OUT.partial-PID-...", beside OUT. */
    private static final String PARTIAL = ".partial-";

    private StudyBuild() {
    }

    /** Builds {@code config} into {@code out}; an existing {@code out} is replaced only with {@code force}. */
    public static Result build(StudyConfig config, Path out, boolean force, Listener listener) throws Exception {
        long t0 = System.nanoTime();
        out = out.toAbsolutePath().normalize();
        checkAgents(config);
        boolean replacing = Files.exists(out, LinkOption.NOFOLLOW_LINKS);
        if (replacing && !force) {
            throw ConfigException.naming("%s already exists; choose another {out} or add {force} to replace it", out);
        }
        if (replacing) {
            StudyFolderGuard.checkReplaceable(out);
        }
        Files.createDirectories(out.getParent());
        removeStalePartials(out, listener);
        Path tmp = OutputFiles.tempFolder(out.getParent(), out.getFileName() + PARTIAL + ProcessHandle.current().pid() + "-");
        Files.createDirectories(tmp.resolve("videos"));
        try {
            List<StudyArms.Clip> clips = StudyArms.clips(config);
            Map<StudyArms.Clip, StudyArms.BuiltClip> built = new LinkedHashMap<>();
            Map<String, Integer> starts = new LinkedHashMap<>();
            Map<String, Object> overlayScale = null;
            Map<String, Object> agents = new LinkedHashMap<>();
            StudyArms.Clip screenClip = config.pages().stream().anyMatch(p -> p.picture() != null) ? StudyArms.screenClip(config) : null;
            if (screenClip == null && config.pages().stream().anyMatch(p -> p.picture() != null)) {
                throw new ConfigException(config.file() + ": 'picture: screen' shows a frame of the first agent's clip, but no video page shows it;"
                        + " add a video page or remove the picture");
            }
            StudyDefinition.Image screen = null;
            for (int i = 0; i < clips.size(); i++) {
                StudyArms.Clip clip = clips.get(i);
                StudyConfig.Agent agent = config.agents().get(clip.agent());
                Game game = game(agent);
                String name = clip.fileName(config);
                String startKey = clip.agent() + "|" + clip.video();
                if (!starts.containsKey(startKey)) {
                    starts.put(startKey, clip.video().highlights() ? highlightsStart(agent, game, config.seed(), clip.video()) : clip.video().start());
                }
                Path mp4 = tmp.resolve("videos").resolve(name);
                Path frames = tmp.resolve(".frames"); // every frame as PNG, for the still; removed once it is taken
                int index = i + 1;
                StudyConfig.VideoSettings v = clip.video();
                Record.Settings s = new Record.Settings(agent.file(), game, config.seed(), starts.get(startKey), v.frames(), Record.DECLARATION.values(
                        Map.of("fps", v.fps(), "scale", v.scale(), "overlay", clip.saliency() ? v.overlay() : "none", "policy", v.policy(),
                                "overlay_colors", v.colors(), "quality", v.quality() == Mp4Writer.ADAPTIVE ? "auto" : String.valueOf(v.quality()),
                                "panel", false, SharedSettings.VARIANT.key(), agent.variant())), null, frames, mp4);
                Record.Result r = Record.run(s, (recorded, total, sec) -> listener.onClip(index, clips.size(), name, recorded, total));
                overlayScale = s.overlayScale(); // the same for every clip: the absolute scale
                if (r.endedEarly()) {
                    listener.onNote(name + " ended early (game over) after " + r.frames() + " frames");
                }
                if (!clip.saliency()) {
                    // the plain clip's maps are the saliency clip's (same play); keep one copy
                    for (String suffix : new String[] {"actor.npy", "critic.npy", "actor_tv.npy", "critic_dv.npy", "memory.npy", "frames.npy"}) {
                        Files.deleteIfExists(s.beside(suffix));
                    }
                }
                ClipStills.Still still = ClipStills.middle(frames, v.scale());
                String stillFile = ClipStills.FOLDER + "/" + name.replaceAll("\\.mp4$", ".png");
                ClipStills.write(still.image(), tmp.resolve(stillFile));
                if (clip.equals(screenClip)) {
                    ClipStills.write(ClipStills.screen(agent, game, config.seed(), v, still), tmp.resolve(ClipStills.SCREEN));
                    screen = new StudyDefinition.Image("The game screen", ClipStills.SCREEN, Checksums.sha256(tmp.resolve(ClipStills.SCREEN)));
                }
                OutputFiles.deleteTree(frames);
                built.put(clip, new StudyArms.BuiltClip("videos/" + name, Checksums.sha256(mp4), stillFile, Checksums.sha256(tmp.resolve(stillFile))));
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("file", agent.file().toString());
                a.put("sha256", Agents.sha256(agent.file()));
                a.put("game", agent.game());
                a.put("hints", agent.hints());
                if (!game.spec().variants().isEmpty()) {
                    a.put(SharedSettings.VARIANT.key(), agent.variant());
                }
                agents.put(clip.agent(), a);
            }
            checkSameTrajectories(tmp, clips, config);
            List<StudyDefinition.Arm> arms = StudyArms.arms(config, clip -> {
                StudyArms.BuiltClip b = built.get(clip);
                if (b == null) {
                    throw new IllegalStateException("clip not built: " + clip);
                }
                return b;
            }, screen);
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("tool", Provenance.tool());
            provenance.put("git_commit", Provenance.gitCommit());
            provenance.put("source", config.file().getFileName().toString());
            provenance.put("source_sha256", Checksums.sha256(config.file()));
            provenance.put("agents", agents);
            Map<String, Object> clipStarts = new LinkedHashMap<>();
            for (StudyArms.Clip c : clips) {
                clipStarts.put(c.fileName(config), starts.get(c.agent() + "|" + c.video()));
            }
            provenance.put("clip_starts", clipStarts);
            provenance.put("overlay_scale", overlayScale);
            provenance.put("system", Provenance.system());
            StudyDefinition def = new StudyDefinition(StudyDefinition.FORMAT, config.name(), config.title(), config.seed(), config.completion(),
                    config.conditions().stream().map(StudyConfig.Condition::id).toList(), arms, provenance, config.exclusions());
            Files.writeString(tmp.resolve("study.json"), def.toJson() + "\n", StandardCharsets.UTF_8);
            Files.copy(config.file(), tmp.resolve("study.yaml"), StandardCopyOption.REPLACE_EXISTING);
            writeChecksums(tmp);
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                StudyFolderGuard.checkReplaceable(out); // again: the old study may have been served while this one was recorded
            }
            OutputFiles.replaceFolder(tmp, out);
            List<Path> videos = new ArrayList<>();
            for (StudyArms.BuiltClip b : built.values()) {
                videos.add(out.resolve(b.file()));
            }
            return new Result(out, def, videos, (System.nanoTime() - t0) / 1e9);
        } catch (Exception | Error e) {
            OutputFiles.deleteTree(tmp);
            OutputFiles.released(tmp);
            throw e;
        }
    }

    /**
     * Loads every agent (and its hint source) against its game and checks it for the saliency the clips use,
     * as recording does, without recording: a checkpoint that is not one, or does not fit the game, is refused here.
     * {@code study build --dry-run} runs this too.
     */
    public static void checkAgents(StudyConfig config) throws Exception {
        for (StudyConfig.Agent agent : config.agents().values()) {
            Game game = game(agent);
            try (AtariEnv env = game.open(config.seed());
                 Policy policy = Agents.loadPolicy(agent.file(), env.actionCount());
                 HintSource hints = game.hintSource(config.seed(), 0, env.actionCount())) {
                Perturbation.PAPER.checkAgent(policy);
            }
        }
    }

    /** The game an agent plays, with its hint strip. */
    static Game game(StudyConfig.Agent agent) {
        return Game.find(agent.game()).withHints(agent.hints()).withVariants(agent.variant()).forAgent(agent.file());
    }

    /**
     * The clip start for "highlights": plays {@code scan} steps exactly as record does before a clip, scores
     * each step by how decided the policy is (the largest minus the smallest action probability, the
     * importance of HIGHLIGHTS, Amir and Amir 2018, for a policy network) and returns the start of the
     * {@code frames}-step window with the highest total. A game over shortens the scan.
     */
    static int highlightsStart(StudyConfig.Agent agent, Game game, long seed, StudyConfig.VideoSettings v) throws Exception {
        List<Double> importance = new ArrayList<>();
        try (AtariEnv env = game.open(seed);
             Policy policy = Agents.loadPolicy(agent.file(), env.actionCount());
             HintSource hints = game.hintSource(seed, 0, env.actionCount());
             Rollout rollout = Rollout.on(policy, env, ActionSelection.parse(v.policy()), seed).withHints(hints)) {
            for (int t = 0; t < v.scan() && !rollout.over(); t++) {
                Step s = rollout.step();
                double[] p = s.output().probabilities(0);
                double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
                for (double x : p) {
                    max = Math.max(max, x);
                    min = Math.min(min, x);
                }
                importance.add(max - min);
            }
        }
        return bestWindow(importance, v.frames());
    }

    /** The start of the {@code length}-long window with the largest sum (the earliest of equals); 0 if the series is shorter. */
    static int bestWindow(List<Double> series, int length) {
        if (series.size() <= length) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += series.get(i);
        }
        double best = sum;
        int start = 0;
        for (int i = length; i < series.size(); i++) {
            sum += series.get(i) - series.get(i - length);
            if (sum > best + 1e-12) {
                best = sum;
                start = i - length + 1;
            }
        }
        return start;
    }

    /** The plain and the saliency clip of one agent and setting must show the same steps (same actions). */
    private static void checkSameTrajectories(Path dir, List<StudyArms.Clip> clips, StudyConfig config) throws IOException {
        for (StudyArms.Clip c : clips) {
            if (!c.saliency()) {
                continue;
            }
            StudyArms.Clip plain = new StudyArms.Clip(c.agent(), false, c.video());
            if (!clips.contains(plain)) {
                continue;
            }
            List<String> a = actions(dir.resolve("videos").resolve(c.fileName(config).replaceAll("\\.mp4$", ".steps.csv")));
            List<String> b = actions(dir.resolve("videos").resolve(plain.fileName(config).replaceAll("\\.mp4$", ".steps.csv")));
            if (!a.equals(b)) {
                throw new IllegalStateException("the clips " + c.fileName(config) + " and " + plain.fileName(config)
                        + " do not show the same play (their actions differ); please report this");
            }
        }
    }

    /** The step and action columns of a steps.csv. */
    private static List<String> actions(Path stepsCsv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(stepsCsv, StandardCharsets.UTF_8)) {
            String[] f = line.split(",", 4);
            out.add(f[0] + "," + (f.length > 1 ? f[1] : ""));
        }
        return out;
    }

    /** checksums.sha256 in sha256sum's format, for every file of the folder but itself. */
    static void writeChecksums(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("checksums.sha256"))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString())).toList();
        }
        for (Path f : files) {
            sb.append(Checksums.sha256(f)).append("  ").append(dir.relativize(f).toString().replace('\\', '/')).append('\n');
        }
        Files.writeString(dir.resolve("checksums.sha256"), sb.toString(), StandardCharsets.UTF_8);
    }

    /**
     * Removes the partial folders ("OUT.partial-PID-...") that builds to the same folder left when they were
     * killed, if their process is gone; a running build's folder is kept.
     */
    private static void removeStalePartials(Path out, Listener listener) throws IOException {
        Pattern partial = Pattern.compile(Pattern.quote(out.getFileName() + PARTIAL) + "(\\d+)(-\\d+)?");
        try (Stream<Path> s = Files.list(out.getParent())) {
            for (Path p : s.sorted().toList()) {
                Matcher m = partial.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !alive(m.group(1))) {
                    OutputFiles.deleteTree(p);
                    listener.onNote("removed " + p + ", left by an interrupted build (process " + m.group(1) + " is gone)");
                }
            }
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }
}
