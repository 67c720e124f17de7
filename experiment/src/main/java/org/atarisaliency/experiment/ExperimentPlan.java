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
                for (Map.Entry<String, Map<String, Object>> o : c.outputs().entrySet()) {
                    JobTypes.get(o.getKey()).checkGame(where, id, spec, o.getValue());
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
                for (String type : c.outputs().keySet()) {
                    JobTypes.get(type).checkAgent(c, new JobType.AgentFacts(a, String.valueOf(m.get("network")), actorCritic));
                }
            }
            m.put("sha256", Checksums.sha256(a.file()));
            if (!a.hints().equals("off")) {
                m.put("hints", a.hints());
                if (a.hints().startsWith("expert:")) {
                    m.put("hints_expert_sha256", Checksums.sha256(Path.of(a.hints().substring(7))));
                }
            }
            agents.put(a.label(), m);
        }
        return new ExperimentPlan(c, games, agents, expand(c, games, agents));
    }

    private static List<JobSpec> expand(ExperimentConfig c, Map<String, Map<String, Object>> games, Map<String, Map<String, Object>> agents) {
        List<JobSpec> jobs = new ArrayList<>();
        Map<String, Map<String, Object>> out = c.outputs();
        for (String name : out.keySet()) {
            JobType type = JobTypes.get(name);
            if (!type.perAgent()) {
                continue;
            }
            for (ExperimentConfig.Agent a : c.agents()) {
                for (String game : c.gamesOf(a)) {
                    for (long seed : c.seeds()) {
                        for (Map<String, Object> spec : type.specs(c, common(name, games.get(game), seed, out.get(name)), agentRef(agents.get(a.label())))) {
                            jobs.add(JobSpec.of(spec));
                        }
                    }
                }
            }
        }
        for (String name : out.keySet()) {
            JobType type = JobTypes.get(name);
            if (!type.perAgent()) {
                jobs.addAll(type.planOwnJobs(c, games, agents));
            }
        }
        return jobs;
    }

    /** A copy of a spec under construction, with its own settings map. */
    static Map<String, Object> copy(Map<String, Object> spec) {
        Map<String, Object> s = new LinkedHashMap<>(spec);
        if (spec.get("settings") instanceof Map<?, ?> settings) {
            s.put("settings", new LinkedHashMap<>(settings));
        }
        return s;
    }

    static Map<String, Object> common(String type, Map<String, Object> game, long seed, Map<String, Object> settings) {
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

    static Map<String, Object> agentRef(Map<String, Object> agent) {
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
