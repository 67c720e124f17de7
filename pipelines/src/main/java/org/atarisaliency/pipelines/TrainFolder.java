package org.atarisaliency.pipelines;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.train.Collector;
import org.atarisaliency.agents.train.Teacher;
import org.atarisaliency.agents.train.TrainState;
import org.atarisaliency.agents.train.Trainer;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.OutputFiles;
import org.yaml.snakeyaml.Yaml;

/**
 * A training run's folder: checkpoints/model.PCT.pt (the weights at each tenth of the budget, in
 * PyTorch's zip format with baby-a3c's tensor names), model.pt (the latest weights), and resume/
 * (everything to continue exactly: weights, Adam's moments, counters, RNG and emulator states,
 * memory and observations), each written into a temporary folder and renamed into place.
 */
final class TrainFolder implements Trainer.Checkpoints {
    static final String RESUME = ResumeSaves.RESUME;
    private final Path dir;
    private final ModelWriter models;
    private final ResumeSaves saves;

    /** Writes weights as a PyTorch checkpoint file, atomically. */
    interface ModelWriter {
        void write(Path file, ActorCriticWeights w) throws IOException;
    }

    /** Reads weights written by {@link ModelWriter}. */
    interface ModelReader {
        ActorCriticWeights read(Path file) throws IOException;
    }

    TrainFolder(Path dir, ModelWriter models) {
        this(dir, models, step -> { });
    }

    /** As {@link #TrainFolder(Path, ModelWriter)}, calling {@code hook} at each step of a resume save (for tests). */
    TrainFolder(Path dir, ModelWriter models, ResumeSaves.StepHook hook) {
        this.dir = dir;
        this.models = models;
        this.saves = new ResumeSaves(dir, hook);
    }

    @Override
    public void saveFraction(int percent, ActorCriticWeights weights, long frames) throws IOException {
        Path cps = Files.createDirectories(dir.resolve("checkpoints"));
        models.write(cps.resolve(String.format("model.%03d.pt", percent)), weights);
    }

    @Override
    public void saveResume(TrainState s) throws IOException {
        save(s.updates(), tmp -> {
            models.write(tmp.resolve("model.pt"), s.weights());
            writeOptimizer(tmp, s.optimizer());
            Collector.Snapshot a = s.acting();
            int n = a.rngStates().length;
            Npy.writeFloat32(tmp.resolve("observations.npy"), a.observations(), n, a.observations().length / n);
            RecurrentState m = a.memory();
            for (int k = 0; k < m.names().size(); k++) {
                Npy.writeFloat32(tmp.resolve("memory_" + m.names().get(k) + ".npy"), m.parts().get(k), n, m.size(k));
            }
            Files.write(tmp.resolve("envs.bin"), blobs(a.envStates()));
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("updates", s.updates());
            t.put("frames", s.frames());
            t.put("episodes", s.episodes());
            t.put("seconds", s.seconds());
            t.put("recent_scores", s.recentScores());
            List<String> rng = new ArrayList<>();
            for (long r : a.rngStates()) {
                rng.add(Long.toUnsignedString(r));
            }
            t.put("rng_states", rng);
            t.put("running_scores", java.util.Arrays.stream(a.scores()).boxed().toList());
            t.put("running_lengths", java.util.Arrays.stream(a.lengths()).boxed().toList());
            t.put("memory_parts", m.names());
            if (a.teacher() != null) {
                t.put("labels", java.util.Arrays.stream(a.labels()).boxed().toList());
                List<String> hintRng = new ArrayList<>();
                for (long r : a.teacher().rngStates()) {
                    hintRng.add(Long.toUnsignedString(r));
                }
                t.put("hint_rng_states", hintRng);
                RecurrentState em = a.teacher().memory();
                for (int k = 0; k < em.names().size(); k++) {
                    Npy.writeFloat32(tmp.resolve("expert_memory_" + em.names().get(k) + ".npy"), em.parts().get(k), n, em.size(k));
                }
                t.put("expert_memory_parts", em.names());
            }
            Provenance.writeJson(tmp.resolve("trainer.json"), t);
        });
    }

    /** What a resume save writes into its (temporary) folder. */
    interface SaveBody {
        void write(Path folder) throws IOException;
    }

    /** A resume save: {@code body} fills a temporary folder, which is sealed and renamed to resume/; then model.pt is published. */
    void save(long updates, SaveBody body) throws IOException {
        Path tmp = saves.begin();
        boolean committed = false;
        try {
            body.write(tmp);
            saves.commit(tmp, updates);
            committed = true;
        } finally {
            if (!committed && !Files.exists(tmp.resolve(ResumeSaves.COMPLETE))) {
                // an unsealed save is nothing; a sealed one may be the newest complete state, kept for recover()
                OutputFiles.deleteTree(tmp);
                OutputFiles.released(tmp);
            }
        }
        publishLatest();
    }

    /** model.pt beside resume/: a copy of the resumable weights, renamed into place. */
    private void publishLatest() throws IOException {
        Path latest = dir.resolve("model.pt");
        Path tmp = OutputFiles.tempBeside(latest);
        try {
            Files.copy(dir.resolve(RESUME).resolve("model.pt"), tmp, StandardCopyOption.REPLACE_EXISTING);
            OutputFiles.moveIntoPlace(tmp, latest);
        } finally {
            Files.deleteIfExists(tmp);
            OutputFiles.released(tmp);
        }
    }

    /** Whether the folder holds a save to resume from (in resume/, or left by a save that was killed). */
    boolean resumable() throws IOException {
        return saves.exists();
    }

    /** Puts the newest complete save in resume/, removing leftovers of killed saves; whether there is one. */
    boolean recover() throws IOException {
        return saves.recover();
    }

    /**
     * Whether the folder holds the start of a run of {@code command} that stopped before its first
     * save (its run.json without a result, or its log {@code csv}). Refused, naming the file, when
     * the folder also holds something such a run does not write, or when that run finished.
     */
    @SuppressWarnings("unchecked")
    boolean startedRun(String command, String csv) throws IOException {
        Path runJson = dir.resolve("run.json");
        Map<String, Object> run = null;
        if (Files.isRegularFile(runJson)) {
            try {
                Object o = new Yaml().load(Files.readString(runJson));
                run = o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            } catch (RuntimeException | IOException e) {
                run = null;
            }
        }
        boolean ours = run != null && command.equals(run.get("command"));
        if (!ours && !Files.exists(dir.resolve(csv))) {
            return false;
        }
        if (!ours || run.containsKey("result")) {
            throw new OutputException(dir + " holds " + (ours ? "a finished run without its resume/ save" : csv + " but not its run.json")
                    + ", so it cannot be continued or started over; choose another folder");
        }
        for (Path p : listing(dir)) {
            String name = p.getFileName().toString();
            boolean written = name.startsWith(".") || name.equals("run.json") || name.equals(csv) || name.equals("learning_curve.png")
                    || name.equals("learning_curve.svg")
                    || name.equals("checkpoints") && listing(p).stream().allMatch(c -> c.getFileName().toString().matches("model\\.\\d{3}\\.pt"));
            if (!written) {
                throw new OutputException(dir + " holds a run stopped before its first save, and also " + p
                        + ", which such a run does not write; remove it to start the run over, or choose another folder");
            }
        }
        return true;
    }

    /** Removes what a run stopped before its first save wrote (its log, checkpoints, leftovers of its partial save). */
    void clearUnfinishedStart(String csv) throws IOException {
        saves.recover();
        OutputFiles.deleteTree(dir.resolve("checkpoints"));
        Files.deleteIfExists(dir.resolve(csv));
        Files.deleteIfExists(dir.resolve("learning_curve.png"));
        Files.deleteIfExists(dir.resolve("learning_curve.svg"));
    }

    private static List<Path> listing(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    /**
     * Continues {@code trainer} from the saved state (the learner's weights read with {@code reader}).
     * A damaged, truncated or mismatched save is refused with a {@link CheckpointException} naming the file.
     */
    void resume(Trainer trainer, ModelReader reader) throws IOException {
        Path[] at = {dir.resolve(RESUME).resolve("trainer.json")};
        try {
            TrainState state = load(reader, at);
            at[0] = dir.resolve(RESUME);
            trainer.resume(state);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(at[0] + ": damaged, truncated or not of this run (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); the run cannot be continued from it: train into another folder", e);
        }
    }

    /** The saved state; {@code at[0]} is the file being read. */
    @SuppressWarnings("unchecked")
    private TrainState load(ModelReader reader, Path[] at) throws IOException {
        Path r = dir.resolve(RESUME);
        Map<String, Object> t = (Map<String, Object>) new Yaml().load(Files.readString(at[0]));
        for (String count : List.of("updates", "frames", "episodes")) {
            if (((Number) t.get(count)).longValue() < 0) {
                throw new CheckpointException(at[0] + ": '" + count + "' is " + t.get(count) + ", must be >= 0; the save is damaged");
            }
        }
        Map<String, float[]> optimizer = readOptimizer(r, at);
        at[0] = r.resolve("trainer.json");
        List<String> parts = (List<String>) t.get("memory_parts");
        List<String> rngText = (List<String>) t.get("rng_states");
        long[] rng = rngText.stream().mapToLong(Long::parseUnsignedLong).toArray();
        int n = rng.length;
        List<float[]> mem = new ArrayList<>();
        for (String p : parts) {
            at[0] = r.resolve("memory_" + p + ".npy");
            mem.add(Npy.read(at[0]).floats());
        }
        at[0] = r.resolve("trainer.json");
        double[] scores = ((List<Number>) t.get("running_scores")).stream().mapToDouble(Number::doubleValue).toArray();
        int[] lengths = ((List<Number>) t.get("running_lengths")).stream().mapToInt(Number::intValue).toArray();
        int[] labels = null;
        Teacher.State teacher = null;
        if (t.containsKey("labels")) {
            labels = ((List<Number>) t.get("labels")).stream().mapToInt(Number::intValue).toArray();
            long[] hintRng = ((List<String>) t.get("hint_rng_states")).stream().mapToLong(Long::parseUnsignedLong).toArray();
            List<String> expertParts = (List<String>) t.get("expert_memory_parts");
            List<float[]> em = new ArrayList<>();
            for (String p : expertParts) {
                at[0] = r.resolve("expert_memory_" + p + ".npy");
                em.add(Npy.read(at[0]).floats());
            }
            teacher = new Teacher.State(new RecurrentState(n, expertParts, em), hintRng);
        }
        List<Double> recent = ((List<Number>) t.get("recent_scores")).stream().map(Number::doubleValue).toList();
        at[0] = r.resolve("envs.bin");
        List<byte[]> envs = unblobs(Files.readAllBytes(at[0]));
        at[0] = r.resolve("observations.npy");
        Collector.Snapshot acting = new Collector.Snapshot(envs, rng, new RecurrentState(n, parts, mem), Npy.read(at[0]).floats(), scores,
                lengths, labels, teacher);
        at[0] = r.resolve("model.pt");
        return new TrainState(reader.read(at[0]), optimizer, ((Number) t.get("updates")).longValue(),
                ((Number) t.get("frames")).longValue(), ((Number) t.get("episodes")).longValue(), ((Number) t.get("seconds")).doubleValue(),
                recent, acting);
    }

    /** Adam's moments into {@code folder}/optimizer/NAME.npy. */
    static void writeOptimizer(Path folder, Map<String, float[]> optimizer) throws IOException {
        Path opt = Files.createDirectories(folder.resolve("optimizer"));
        for (Map.Entry<String, float[]> e : optimizer.entrySet()) {
            Npy.writeFloat32(opt.resolve(e.getKey() + ".npy"), e.getValue(), e.getValue().length);
        }
    }

    /** Adam's moments written by {@link #writeOptimizer}, each checked; {@code at[0]} is the file being read. */
    static Map<String, float[]> readOptimizer(Path folder, Path[] at) throws IOException {
        Map<String, float[]> optimizer = new LinkedHashMap<>();
        try (var files = Files.list(folder.resolve("optimizer"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                at[0] = f;
                float[] moment = Npy.read(f).floats();
                String problem = TrainState.optimizerProblem(name.substring(0, name.length() - 4), moment);
                if (problem != null) {
                    throw new CheckpointException(f + ": " + problem + "; the save is damaged");
                }
                optimizer.put(name.substring(0, name.length() - 4), moment);
            }
        }
        return optimizer;
    }

    static byte[] blobs(List<byte[]> items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(items.size());
            for (byte[] b : items) {
                out.writeInt(b.length);
                out.write(b);
            }
        }
        return bytes.toByteArray();
    }

    static List<byte[]> unblobs(byte[] all) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    throw new java.io.EOFException("a state of " + len + " bytes where " + in.available() + " remain");
                }
                byte[] b = new byte[len];
                in.readFully(b);
                out.add(b);
            }
        }
        return out;
    }
}
