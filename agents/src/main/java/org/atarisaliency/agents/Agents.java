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

/** Loads agents from files into {@link Policy}s. */
public final class Agents {
    private Agents() {
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
     * Loads an agent of any supported format, recognised from the file's content by the
     * {@link AgentFormats} (in this order: a DL4J/RL4J model zip, a Stable-Baselines3 {@code model.save()}
     * zip, a CleanRL state dict, else an A3C PyTorch checkpoint), and checks its action count against
     * the game's.
     *
     * @param expectedActions  the game's minimal action count, or -1 to skip the check
     * @param arch             null or "auto" to recognise the format; otherwise the format the file
     *                         must have: "a3c", "rl4j", "sb3", or a CleanRL architecture
     *                         ("cleanrl-dqn", "cleanrl-c51", "cleanrl-ppo", "cleanrl-ppo-lstm"). A file of another format
     *                         is refused (one line) rather than reinterpreted.
     * @throws CheckpointException          the file cannot be read or is not a regular file (one line, naming the file)
     * @throws IncompatibleAgentException   the network is not supported, does not fit the game or the hint
     */
    public static Policy loadPolicy(Path file, int expectedActions, String arch) throws CheckpointException {
        AgentFiles.requireRegular(file);
        String hint = arch == null || arch.isBlank() ? "auto" : arch.trim().toLowerCase(java.util.Locale.ROOT);
        if (!hint.equals("auto") && !AgentFormats.hints().contains(hint)) {
            throw new IllegalArgumentException("unknown agent arch '" + arch + "'; expected auto, "
                    + String.join(", ", AgentFormats.hints()).replaceFirst(", ([^,]*)$", " or $1"));
        }
        AgentFile agent = new AgentFile(file);
        String name = agent.name();
        AgentFormat format = AgentFormats.detect(agent);
        if (!hint.equals("auto") && !format.hints().contains(hint)) {
            throw new IncompatibleAgentException(name + ": the arch hint says " + hint + " but the file is " + format.description());
        }
        Policy p = format.load(agent, hint);
        if (expectedActions >= 0 && p.actionCount() != expectedActions) {
            p.close();
            throw IncompatibleAgentException.actionCount(name, p.actionCount(), expectedActions);
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
