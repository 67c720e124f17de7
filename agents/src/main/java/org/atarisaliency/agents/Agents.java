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
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TorchCheckpoint;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.rl4j.Dl4jModelZip;
import org.atarisaliency.agents.rl4j.Rl4jPolicy;

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
     * Loads an agent of any supported format and checks its action count against the game's: a
     * DL4J model zip (a zip holding configuration.json and coefficients.bin, as RL4J saves its
     * networks) becomes an {@link Rl4jPolicy}; anything else is read as a PyTorch checkpoint
     * ({@link #load}).
     *
     * @param expectedActions  the game's minimal action count, or -1 to skip the check
     * @throws CheckpointException          the file cannot be read or is not a regular file (one line, naming the file)
     * @throws IncompatibleAgentException   the network is not supported or does not fit the game
     */
    public static Policy loadPolicy(Path file, int expectedActions) throws CheckpointException {
        AgentFiles.requireRegular(file);
        if (!Dl4jModelZip.sniff(file)) {
            return load(file, expectedActions);
        }
        Rl4jPolicy p = Rl4jPolicy.load(file);
        if (expectedActions >= 0 && p.actionCount() != expectedActions) {
            p.close();
            throw new IncompatibleAgentException(file.getFileName() + " has " + p.actionCount()
                    + " actions but the game has " + expectedActions + "; pass the game this agent was trained on");
        }
        return p;
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
