package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.atarisaliency.agents.checkpoint.TorchCheckpoint;
import org.atarisaliency.agents.train.PpoArch;
import org.atarisaliency.agents.train.PpoCollector;
import org.atarisaliency.agents.train.PpoLearner;
import org.atarisaliency.agents.train.PpoTrainer;
import org.atarisaliency.env.EpisodicLifeEnv;
import org.atarisaliency.env.Npy;
import org.yaml.snakeyaml.Yaml;

/**
 * A PPO run's saves in its {@link TrainFolder}: checkpoints/model.PCT.pt and model.pt as CleanRL's state dict
 * ({@link PpoLearner#saveModel}), and resume/ (the weights, Adam's moments, counters, the shuffle RNG, every game's
 * emulator and life counters, the action RNGs, the stacked observations, done flags and LSTM state).
 */
final class PpoFolder implements PpoTrainer.Checkpoints {
    private final Path dir;
    private final TrainFolder folder;
    private final PpoArch arch;
    private final int actions;

    PpoFolder(Path dir, TrainFolder folder, PpoArch arch, int actions) {
        this.dir = dir;
        this.folder = folder;
        this.arch = arch;
        this.actions = actions;
    }

    @Override
    public void saveFraction(int percent, PpoLearner learner) throws IOException {
        learner.saveModel(Files.createDirectories(dir.resolve("checkpoints")).resolve(String.format("model.%03d.pt", percent)));
    }

    @Override
    public void saveResume(PpoTrainer.State s) throws IOException {
        folder.save(s.updates(), tmp -> {
            PpoLearner.writeModel(tmp.resolve("model.pt"), arch, actions, s.weights());
            TrainFolder.writeOptimizer(tmp, s.optimizer());
            PpoCollector.Snapshot a = s.acting();
            int n = a.rngStates().length;
            Npy.writeFloat32(tmp.resolve("observations.npy"), a.observations(), n, a.observations().length / n);
            if (a.state() != null) {
                for (String part : a.state().names()) {
                    Npy.writeFloat32(tmp.resolve("memory_" + part + ".npy"), a.state().part(part), n, a.state().size());
                }
            }
            List<byte[]> emulators = new ArrayList<>();
            List<Map<String, Object>> games = new ArrayList<>();
            for (EpisodicLifeEnv.State e : a.envs()) {
                emulators.add(e.env());
                games.add(Map.of("lives", e.lives(), "game_over", e.gameOver(), "score", e.gameScore(), "steps", e.gameSteps()));
            }
            Files.write(tmp.resolve("envs.bin"), TrainFolder.blobs(emulators));
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("updates", s.updates());
            t.put("adam_steps", s.adamSteps());
            t.put("frames", s.frames());
            t.put("games", s.games());
            t.put("seconds", s.seconds());
            t.put("recent_scores", s.recentScores());
            t.put("shuffle_rng", Long.toUnsignedString(s.shuffle()));
            t.put("rng_states", java.util.Arrays.stream(a.rngStates()).mapToObj(Long::toUnsignedString).toList());
            t.put("next_done", booleans(a.nextDone()));
            t.put("games_running", games);
            Provenance.writeJson(tmp.resolve("trainer.json"), t);
        });
    }

    /** Continues {@code trainer} from resume/; a damaged or mismatched save is refused naming the file. */
    void resume(PpoTrainer trainer) throws IOException {
        Path[] at = {dir.resolve(TrainFolder.RESUME).resolve("trainer.json")};
        try {
            trainer.resume(load(at));
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(at[0] + ": damaged, truncated or not of this run (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); the run cannot be continued from it: train into another folder", e);
        }
    }

    @SuppressWarnings("unchecked")
    private PpoTrainer.State load(Path[] at) throws IOException {
        Path r = dir.resolve(TrainFolder.RESUME);
        Map<String, Object> t = (Map<String, Object>) new Yaml().load(Files.readString(at[0]));
        Map<String, float[]> optimizer = TrainFolder.readOptimizer(r, at);
        at[0] = r.resolve("trainer.json");
        long[] rng = ((List<String>) t.get("rng_states")).stream().mapToLong(Long::parseUnsignedLong).toArray();
        int n = rng.length;
        List<Map<String, Object>> running = (List<Map<String, Object>>) t.get("games_running");
        List<Boolean> doneList = (List<Boolean>) t.get("next_done");
        boolean[] nextDone = new boolean[n];
        for (int i = 0; i < n; i++) {
            nextDone[i] = doneList.get(i);
        }
        List<Double> recent = ((List<Number>) t.get("recent_scores")).stream().map(Number::doubleValue).toList();
        at[0] = r.resolve("envs.bin");
        List<byte[]> emulators = TrainFolder.unblobs(Files.readAllBytes(at[0]));
        List<EpisodicLifeEnv.State> envs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> g = running.get(i);
            envs.add(new EpisodicLifeEnv.State(emulators.get(i), ((Number) g.get("lives")).intValue(), (Boolean) g.get("game_over"),
                    ((Number) g.get("score")).doubleValue(), ((Number) g.get("steps")).intValue()));
        }
        RecurrentState state = null;
        if (!arch.stateNames().isEmpty()) {
            List<float[]> parts = new ArrayList<>();
            for (String p : arch.stateNames()) {
                at[0] = r.resolve("memory_" + p + ".npy");
                parts.add(Npy.read(at[0]).floats());
            }
            state = new RecurrentState(n, arch.stateNames(), parts);
        }
        at[0] = r.resolve("observations.npy");
        PpoCollector.Snapshot acting = new PpoCollector.Snapshot(envs, rng, Npy.read(at[0]).floats(), nextDone, state);
        at[0] = r.resolve("model.pt");
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : TorchCheckpoint.read(at[0]).asMap().entrySet()) {
            weights.put(e.getKey(), e.getValue().values());
        }
        at[0] = r.resolve("trainer.json");
        return new PpoTrainer.State(weights, optimizer, number(t, "adam_steps"), number(t, "updates"), number(t, "frames"), number(t, "games"),
                ((Number) t.get("seconds")).doubleValue(), recent, Long.parseUnsignedLong((String) t.get("shuffle_rng")), acting);
    }

    private static long number(Map<String, Object> t, String key) throws CheckpointException {
        long v = ((Number) t.get(key)).longValue();
        if (v < 0) {
            throw new CheckpointException("'" + key + "' is " + v + ", must be >= 0; the save is damaged");
        }
        return v;
    }

    private static List<Boolean> booleans(boolean[] b) {
        List<Boolean> out = new ArrayList<>();
        for (boolean x : b) {
            out.add(x);
        }
        return out;
    }
}
