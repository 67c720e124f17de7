package org.atarisaliency.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.pipelines.Checksums;

/**
 * A checked config expanded into its jobs. Checking resolves every game to its ROM, loads every
 * agent once and compares its action count with each game it plays, so that a wrong file fails
 * before any work starts, with the line of the config that names it.
 */
public record ExperimentPlan(ExperimentConfig config, Map<String, Map<String, Object>> games, Map<String, Map<String, Object>> agents,
                             List<JobSpec> jobs) {

    /** Resolves and expands a config. */
    public static ExperimentPlan of(ExperimentConfig c) throws IOException {
        Map<String, Map<String, Object>> games = new LinkedHashMap<>();
        Map<String, Integer> actionCounts = new HashMap<>();
        Map<String, GameSpec> specs = new HashMap<>();
        for (ExperimentConfig.Agent a : c.agents()) {
            for (String id : c.gamesOf(a)) {
                if (games.containsKey(id)) {
                    continue;
                }
                ConfigNode where = a.game() != null ? a.node() : c.gameNode(id);
                GameSpec spec;
                Path rom;
                try {
                    org.atarisaliency.pipelines.Game game = org.atarisaliency.pipelines.Game.find(id);
                    spec = game.spec();
                    rom = game.rom();
                } catch (RuntimeException e) {
                    throw where.error("game '" + id + "': " + e.getMessage());
                }
                if (c.outputs().containsKey("counterfactuals") && !org.atarisaliency.env.GameObjects.supported(spec.rom())) {
                    throw where.error("game '" + id + "' has no object model for the counterfactuals output (Pong, Breakout, SpaceInvaders);"
                            + " run it in an experiment of its own for those games");
                }
                if (c.outputs().containsKey("video") && Boolean.TRUE.equals(c.outputs().get("video").get("objects"))) {
                    try {
                        org.atarisaliency.pipelines.Record.checkObjects(spec);
                    } catch (org.atarisaliency.env.InvalidSettingException e) {
                        throw where.error("game '" + id + "': video objects " + e.problem() + " (or set objects: false)");
                    }
                }
                try (AtariEnv env = org.atarisaliency.agents.play.Rollout.openGame(spec, rom, 0)) {
                    actionCounts.put(id, env.actionCount());
                }
                specs.put(id, spec);
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("id", id);
                g.put("rom", rom.toString());
                g.put("rom_md5", Checksums.md5(rom));
                g.put("frame_skip", spec.frameSkipText());
                g.put("repeat_action_probability", (double) spec.repeatActionProbability());
                games.put(id, g);
            }
        }
        Map<String, Map<String, Object>> agents = new LinkedHashMap<>();
        for (ExperimentConfig.Agent a : c.agents()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", a.label());
            m.put("file", a.file().toString());
            for (String id : c.gamesOf(a)) {
                boolean actorCritic;
                try (Policy p = Agents.loadPolicy(a.file(), actionCounts.get(id))) {
                    org.atarisaliency.pipelines.Game.asTrained(specs.get(id), p, a.file());
                    m.put("network", p.describe());
                    m.put("memory", p.stateNames());
                    actorCritic = p instanceof ActorCriticPolicy acp && acp.weights().inputChannels() == 1;
                } catch (Exception e) {
                    throw a.node().error("agent '" + a.label() + "' on " + id + ": " + e.getMessage());
                }
                boolean jacobian = c.methods().stream().anyMatch(x -> x.settings().get("method").equals("jacobian"));
                if (!actorCritic && (jacobian && c.outputs().containsKey("maps") || c.outputs().containsKey("sanity"))) {
                    throw a.node().error("agent '" + a.label() + "' is " + m.get("network") + "; "
                            + (c.outputs().containsKey("sanity") ? "the sanity checks" : "Jacobian maps")
                            + " need the single-frame A3C actor-critic (baby-a3c or visualize_atari); leave them out for this agent's experiment");
                }
            }
            m.put("sha256", Checksums.sha256(a.file()));
            if (!a.hints().equals("off")) {
                m.put("hints", a.hints());
                if (a.hints().startsWith("expert:")) {
                    m.put("hints_expert_sha256", Checksums.sha256(Path.of(a.hints().substring(7))));
                }
                if (c.outputs().containsKey("imitate")) {
                    throw a.node().error("agent '" + a.label() + "' plays with hints; an imitate output uses each agent as the expert,"
                            + " which sees unmarked frames: leave out its hints");
                }
                if (c.outputs().containsKey("counterfactuals")) {
                    throw a.node().error("agent '" + a.label() + "' plays with hints; the counterfactuals output intervenes on the game's"
                            + " own objects and needs unmarked frames: leave out its hints");
                }
                if (c.outputs().containsKey("progression")) {
                    throw a.node().error("agent '" + a.label() + "' plays with hints; learning progression replays one unhinted trajectory:"
                            + " leave progression out of this experiment");
                }
            }
            agents.put(a.label(), m);
        }
        return new ExperimentPlan(c, games, agents, expand(c, games, agents));
    }

    private static List<JobSpec> expand(ExperimentConfig c, Map<String, Map<String, Object>> games, Map<String, Map<String, Object>> agents) {
        List<JobSpec> jobs = new ArrayList<>();
        Map<String, Map<String, Object>> out = c.outputs();
        for (String type : out.keySet()) {
            if (type.equals("progression")) {
                continue;
            }
            for (ExperimentConfig.Agent a : c.agents()) {
                for (String game : c.gamesOf(a)) {
                    for (long seed : c.seeds()) {
                        switch (type) {
                            case "maps" -> {
                                for (ExperimentConfig.FrameRange r : c.frames()) {
                                    for (ExperimentConfig.Method m : c.methods()) {
                                        Map<String, Object> s = common(type, games.get(game), seed, out.get(type));
                                        s.put("agent", agentRef(agents.get(a.label())));
                                        s.put("frames", r.toJson());
                                        Map<String, Object> method = new LinkedHashMap<>(m.settings());
                                        method.put("label", m.label());
                                        s.put("method", method);
                                        jobs.add(JobSpec.of(s));
                                    }
                                }
                            }
                            case "video" -> {
                                for (ExperimentConfig.FrameRange r : c.frames()) {
                                    Map<String, Object> s = common(type, games.get(game), seed, out.get(type));
                                    s.put("agent", agentRef(agents.get(a.label())));
                                    s.put("frames", r.toJson());
                                    jobs.add(JobSpec.of(s));
                                }
                            }
                            case "imitate" -> {
                                @SuppressWarnings("unchecked")
                                List<Object> modes = (List<Object>) out.get(type).get("hints");
                                for (Object mode : modes) {
                                    Map<String, Object> s = common(type, games.get(game), seed, out.get(type));
                                    ((Map<?, ?>) s.get("settings")).remove("hints");
                                    s.put("agent", agentRef(agents.get(a.label())));
                                    s.put("hints", mode);
                                    jobs.add(JobSpec.of(s));
                                }
                            }
                            default -> {
                                Map<String, Object> s = common(type, games.get(game), seed, out.get(type));
                                s.put("agent", agentRef(agents.get(a.label())));
                                jobs.add(JobSpec.of(s));
                            }
                        }
                    }
                }
            }
        }
        if (out.containsKey("progression")) {
            jobs.addAll(progressionJobs(c, games, agents));
        }
        return jobs;
    }

    private static List<JobSpec> progressionJobs(ExperimentConfig c, Map<String, Map<String, Object>> games,
                                                 Map<String, Map<String, Object>> agents) {
        Map<String, Object> settings = c.outputs().get("progression");
        @SuppressWarnings("unchecked")
        List<Object> wanted = (List<Object>) settings.get("checkpoints");
        List<JobSpec> jobs = new ArrayList<>();
        for (String game : games.keySet()) {
            List<ExperimentConfig.Agent> on = new ArrayList<>();
            for (ExperimentConfig.Agent a : c.agents()) {
                if (c.gamesOf(a).contains(game) && (wanted == null || wanted.contains(a.label()))) {
                    on.add(a);
                }
            }
            if (wanted != null) {
                on.sort((x, y) -> Integer.compare(wanted.indexOf(x.label()), wanted.indexOf(y.label())));
            }
            if (on.size() < 2) {
                continue;
            }
            String reference = settings.get("reference") != null ? (String) settings.get("reference") : on.get(on.size() - 1).label();
            if (on.stream().noneMatch(a -> a.label().equals(reference))) {
                continue;
            }
            for (long seed : c.seeds()) {
                for (ExperimentConfig.FrameRange r : c.frames()) {
                    Map<String, Object> s = common("progression", games.get(game), seed, settings);
                    s.put("reference", reference);
                    s.put("checkpoints", on.stream().map(a -> agentRef(agents.get(a.label()))).toList());
                    s.put("frames", r.toJson());
                    jobs.add(JobSpec.of(s));
                }
            }
        }
        if (jobs.isEmpty()) {
            throw c.outputNode("progression").error("no game has two or more of the listed checkpoints"
                    + (settings.get("reference") != null ? " including the reference '" + settings.get("reference") + "'" : "")
                    + "; list agent labels of one game under 'checkpoints'");
        }
        return jobs;
    }

    private static Map<String, Object> common(String type, Map<String, Object> game, long seed, Map<String, Object> settings) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        s.put("game", game);
        s.put("seed", seed);
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        copy.remove("reference");
        copy.remove("checkpoints");
        s.put("settings", copy);
        return s;
    }

    private static Map<String, Object> agentRef(Map<String, Object> agent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", agent.get("label"));
        m.put("file", agent.get("file"));
        m.put("sha256", agent.get("sha256"));
        // only hinted agents carry the keys, so the specs of every other job are what they were
        if (agent.containsKey("hints")) {
            m.put("hints", agent.get("hints"));
        }
        if (agent.containsKey("hints_expert_sha256")) {
            m.put("hints_expert_sha256", agent.get("hints_expert_sha256"));
        }
        return m;
    }
}
