package org.atarisaliency.agents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.atarisaliency.agents.checkpoint.AgentFiles;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.FiniteValues;
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TorchCheckpoint;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.rl4j.Dl4jModelZip;
import org.atarisaliency.agents.rl4j.Rl4jPolicy;
import org.atarisaliency.agents.sb3.CleanRlModel;
import org.atarisaliency.agents.sb3.NatureCnnPolicy;
import org.atarisaliency.agents.sb3.Sb3Zip;

/** Loads agents from files into {@link Policy}s. */
public final class Agents {
    private Agents() {
    }

    /**
     * Reads a PyTorch checkpoint (legacy or zip) and recognises the network from its tensors; a path
     * that is not a regular file (a fifo would block) is refused by {@link TorchCheckpoint#read}.
     */
    public static ActorCriticWeights readWeights(Path file) throws CheckpointException {
        StateDict dict = TorchCheckpoint.read(file);
        FiniteValues.requireFinite(dict);
        return ActorCriticWeights.fromStateDict(dict, file.getFileName().toString());
    }

    /**
     * Loads an agent and checks its action count against the game's.
     *
     * @param expectedActions  the game's minimal action count, or -1 to skip the check
     */
    public static ActorCriticPolicy load(Path file, int expectedActions) throws CheckpointException {
        ActorCriticWeights w = readWeights(file);
        if (expectedActions >= 0 && w.actions() != expectedActions) {
            throw new IncompatibleAgentException(file.getFileName() + " has " + w.actions() + " actions but the game has "
                    + expectedActions + "; pass the game this agent was trained on");
        }
        String kind = w.cell() == RecurrentCell.GRU ? "baby-a3c (conv x4 + GRU " : "visualize_atari (conv x4 + LSTM ";
        return new ActorCriticPolicy(w, kind + w.hidden() + ", " + w.actions() + " actions)");
    }

    /**
     * Loads an agent of any supported format and checks its action count against the game's
     * ({@link #loadPolicy(Path, int, String)} without a hint).
     *
     * @param expectedActions  the game's minimal action count, or -1 to skip the check
     * @throws CheckpointException          the file cannot be read or is not a regular file (one line, naming the file)
     * @throws IncompatibleAgentException   the network is not supported or does not fit the game
     */
    public static Policy loadPolicy(Path file, int expectedActions) throws CheckpointException {
        return loadPolicy(file, expectedActions, null);
    }

    /**
     * Loads an agent of any supported format, recognised from the file's content, and checks its
     * action count against the game's:
     * <ul>
     * <li>a DL4J model zip (configuration.json and coefficients.bin, as RL4J saves its networks):
     *     an {@link Rl4jPolicy};</li>
     * <li>a Stable-Baselines3 {@code model.save()} zip (entries data and policy.pth): DQN, QR-DQN,
     *     A2C, PPO with CnnPolicy, a {@link NatureCnnPolicy} ({@link Sb3Zip});</li>
     * <li>any other file is read as a PyTorch checkpoint: CleanRL's {@code dqn_atari},
     *     {@code c51_atari}, {@code ppo_atari} state dicts (tensors {@code network.*}) become a
     *     {@link NatureCnnPolicy} ({@link CleanRlModel}); anything else is an A3C network ({@link #load}).</li>
     * </ul>
     *
     * @param expectedActions  the game's minimal action count, or -1 to skip the check
     * @param arch             null or "auto" to recognise the format; otherwise the format the file
     *                         must have: "a3c", "rl4j", "sb3", or a CleanRL architecture
     *                         ("cleanrl-dqn", "cleanrl-c51", "cleanrl-ppo"). A file of another format
     *                         is refused (one line) rather than reinterpreted.
     * @throws CheckpointException          the file cannot be read or is not a regular file (one line, naming the file)
     * @throws IncompatibleAgentException   the network is not supported, does not fit the game or the hint
     */
    public static Policy loadPolicy(Path file, int expectedActions, String arch) throws CheckpointException {
        AgentFiles.requireRegular(file);
        String hint = arch == null || arch.isBlank() ? "auto" : arch.trim().toLowerCase(java.util.Locale.ROOT);
        CleanRlModel.Arch clean = CleanRlModel.Arch.fromHint(hint);
        if (!hint.equals("auto") && !hint.equals("a3c") && !hint.equals("rl4j") && !hint.equals("sb3") && clean == null) {
            throw new IllegalArgumentException("unknown agent arch '" + arch + "'; expected auto, a3c, rl4j, sb3, "
                    + "cleanrl-dqn, cleanrl-c51 or cleanrl-ppo");
        }
        String name = file.getFileName().toString();
        Policy p;
        if (Dl4jModelZip.sniff(file)) {
            requireHint(hint, "rl4j", name, "an RL4J/DL4J model zip");
            p = Rl4jPolicy.load(file);
        } else if (Sb3Zip.sniff(file)) {
            requireHint(hint, "sb3", name, "a Stable-Baselines3 zip");
            p = Sb3Zip.load(file);
        } else {
            StateDict dict = TorchCheckpoint.read(file);
            FiniteValues.requireFinite(dict);
            if (CleanRlModel.looksLike(dict)) {
                if (!hint.equals("auto") && clean == null) {
                    throw new IncompatibleAgentException(name + ": the arch hint says " + hint + " but the file is a CleanRL agent");
                }
                p = CleanRlModel.load(dict, name, clean);
            } else {
                requireHint(hint, "a3c", name, "a PyTorch checkpoint that is not a CleanRL agent");
                ActorCriticWeights w = ActorCriticWeights.fromStateDict(dict, name);
                String kind = w.cell() == RecurrentCell.GRU ? "baby-a3c (conv x4 + GRU " : "visualize_atari (conv x4 + LSTM ";
                p = new ActorCriticPolicy(w, kind + w.hidden() + ", " + w.actions() + " actions)");
            }
        }
        if (expectedActions >= 0 && p.actionCount() != expectedActions) {
            p.close();
            throw new IncompatibleAgentException(name + " has " + p.actionCount()
                    + " actions but the game has " + expectedActions + "; pass the game this agent was trained on");
        }
        return p;
    }

    private static void requireHint(String hint, String format, String name, String what) {
        if (!hint.equals("auto") && !hint.equals(format)) {
            throw new IncompatibleAgentException(name + ": the arch hint says " + hint + " but the file is " + what);
        }
    }

    /**
     * Hex SHA-256 of a file, for provenance.
     *
     * @throws java.nio.file.NoSuchFileException  the file is missing
     * @throws CheckpointException                 the path is not a regular file (a fifo would block)
     */
    public static String sha256(Path file) throws IOException {
        AgentFiles.requireRegular(file);
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
