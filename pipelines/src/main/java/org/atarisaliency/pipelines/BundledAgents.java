package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.env.InvalidSettingException;
import org.yaml.snakeyaml.Yaml;

/**
 * The agents this project trained itself and ships in {@code models/} beside the launcher: each
 * {@code NAME.json} (name, game, arch, frames, measured score, the exact command and seed) beside
 * its checkpoint. {@code --agent} takes a bundled name or a file, and defaults to the bundled
 * agent of the game.
 */
public final class BundledAgents {

    /** One bundled agent, as its JSON describes it. */
    public record Bundled(String name, String game, Path file, Map<String, Object> info) {
    }

    private BundledAgents() {
    }

    /** The models folder: $atari.home/models (the launcher sets atari.home), else ./models. */
    public static Path folder() {
        return Path.of(System.getProperty("atari.home", "."), "models");
    }

    /** Every bundled agent, by name. */
    @SuppressWarnings("unchecked")
    public static List<Bundled> list() throws IOException {
        return list(folder());
    }

    /** The agents a models folder describes (each JSON with name, game and file). */
    @SuppressWarnings("unchecked")
    static List<Bundled> list(Path dir) throws IOException {
        List<Bundled> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path json : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Object o = new Yaml().load(Files.readString(json, StandardCharsets.UTF_8));
                if (o instanceof Map<?, ?> m && m.get("name") instanceof String name && m.get("game") instanceof String game
                        && m.get("file") instanceof String file) {
                    out.add(new Bundled(name, game, dir.resolve(file), (Map<String, Object>) m));
                }
            }
        }
        return out;
    }

    /**
     * The agent file {@code given} names: an existing file, or a bundled agent's name; when null, the
     * bundled agent of {@code gameId}: the one whose JSON says {@code "default": true}, else the
     * first (by file name) that plays without hints.
     */
    public static Path resolve(String given, String gameId) throws IOException {
        if (given != null) {
            Path p = Path.of(given);
            if (Files.exists(p)) {
                return p;
            }
            for (Bundled b : list()) {
                if (b.name().equals(given)) {
                    return b.file();
                }
            }
            throw new NoSuchFileException(given + " (neither a file nor a bundled agent" + names() + ")");
        }
        if (gameId != null) {
            // the game's default: the one marked "default": true, else the first that plays without hints
            Bundled first = null;
            for (Bundled b : list()) {
                if (sameGame(b.game(), gameId)) {
                    if (Boolean.TRUE.equals(b.info().get("default"))) {
                        return b.file();
                    }
                    if (first == null && b.info().get("hints") == null) {
                        first = b;
                    }
                }
            }
            if (first != null) {
                return first.file();
            }
        }
        if (gameId == null) {
            throw new InvalidSettingException("agent", "is needed: an agent file, or a bundled agent's name" + names());
        }
        throw new InvalidSettingException("agent", "is needed: no bundled agent plays " + gameId + names() + "; pass an agent file");
    }

    /**
     * The hints a bundled agent was trained with ("expert:NAME" or "random", from its JSON), or
     * "off" for any other agent or file.
     */
    public static String hintsOf(Path agent) throws IOException {
        Bundled b = of(agent);
        if (b != null && b.info().get("hints") instanceof String h) {
            if (h.startsWith("expert:")) {
                // an expert named in the same folder is that folder's file
                for (Bundled e : list(b.file().getParent())) {
                    if (e.name().equals(h.substring(7))) {
                        return "expert:" + e.file().toAbsolutePath().normalize();
                    }
                }
            }
            return h;
        }
        return "off";
    }

    /** The bundled agent whose file {@code agent} is, described in its own folder's JSON or else in models/; null if none. */
    public static Bundled of(Path agent) throws IOException {
        Path a = agent.toAbsolutePath().normalize();
        // the agent's own folder first (a models/ folder used without the launcher), then the bundled one
        List<Path> dirs = new ArrayList<>(List.of(a.getParent()));
        if (!folder().toAbsolutePath().normalize().equals(a.getParent())) {
            dirs.add(folder());
        }
        for (Path dir : dirs) {
            for (Bundled b : list(dir)) {
                if (b.file().toAbsolutePath().normalize().equals(a)) {
                    return b;
                }
            }
        }
        return null;
    }

    /**
     * Hints text with an "expert:NAME" that names a bundled agent turned into "expert:FILE"; other hints as given.
     * The expert must load as an agent: a file that is not one is refused here, before anything runs.
     */
    public static String resolveHints(String hints) throws IOException {
        if (hints.startsWith("expert:") && hints.length() > 7) {
            Path expert = resolve(hints.substring(7), null);
            Agents.loadPolicy(expert, -1).close();
            return "expert:" + expert;
        }
        return hints;
    }

    private static String names() throws IOException {
        List<String> n = list().stream().map(Bundled::name).toList();
        return n.isEmpty() ? "; none is bundled yet" : "; bundled: " + String.join(", ", n);
    }

    /** Pong-v4, PongNoFrameskip-v4, ALE/Pong-v5 and pong are the same game. */
    private static boolean sameGame(String a, String b) {
        return stem(a).equals(stem(b));
    }

    private static String stem(String id) {
        String s = id.toLowerCase(Locale.ROOT).replaceFirst("^ale/", "");
        s = s.replaceFirst("(noframeskip|deterministic)?-v\\d+$", "");
        return s.replace("_", "");
    }
}
