package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.GameSpec;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.atarisaliency.pipelines.settings.Declaration;

/**
 * One kind of job, in one place: the schema of its config section ({@code outputs.NAME}), the
 * settings its job specs hold, the keys of its spec, and how it runs and what its status records.
 * Every type is listed once in {@link JobTypes}; adding one is a new subclass and a line there.
 */
abstract class JobType {
    private final String name;

    JobType(String name) {
        this.name = name;
    }

    /** The type's name: the config's {@code outputs} key and the spec's {@code type}. */
    final String name() {
        return name;
    }

    /**
     * The pipeline settings this type's jobs apply, declared once by the pipeline (null for a type
     * whose settings are not declared there): the config schema and the spec's settings follow from it.
     */
    Declaration declaration() {
        return null;
    }

    /** The settings of the config's {@code outputs.NAME} section: by default the declaration's. */
    Schema configSchema() {
        return Schema.of(declaration());
    }

    /** The settings one job's spec holds (by default the section's). */
    Schema specSchema() {
        return configSchema();
    }

    /** The keys of a spec besides type, game, seed and settings. */
    Set<String> specKeys() {
        return Set.of("agent");
    }

    /** What a plan knows of an agent when it checks it against the job types: its label, network, whether it is the single-frame A3C actor-critic, its hints. */
    record AgentFacts(ExperimentConfig.Agent agent, String network, boolean actorCritic) {
        boolean hinted() {
            return !agent.hints().equals("off");
        }

        ConfigException refuse(String why) {
            return agent.node().error("agent '" + agent.label() + "' " + why);
        }
    }

    /**
     * Refuses, before any work, a game this type cannot run with these settings ({@code where}: the
     * config's line that names the game). By default every game.
     */
    void checkGame(ConfigNode where, String id, GameSpec spec, Map<String, Object> settings) {
    }

    /** Refuses, before any work, an agent this type cannot run in config {@code c}. By default every agent. */
    void checkAgent(ExperimentConfig c, AgentFacts agent) {
    }

    /**
     * This type's job specs for one agent, game and seed: {@code common} holds type, game, seed and
     * settings; by default one job with the agent's reference added.
     */
    List<Map<String, Object>> specs(ExperimentConfig c, Map<String, Object> common, Map<String, Object> agent) {
        common.put("agent", agent);
        return List.of(common);
    }

    /** Whether the type makes jobs per agent (by {@link #specs}); a type that does not plans its jobs in {@link #planOwnJobs}. */
    boolean perAgent() {
        return true;
    }

    /** The jobs of a type that is not planned per agent. */
    List<JobSpec> planOwnJobs(ExperimentConfig c, Map<String, Map<String, Object>> games, Map<String, Map<String, Object>> agents) {
        return List.of();
    }

    /** Runs {@code job} into {@code dir}; returns what the job's status records as its result, or null. */
    abstract Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception;
}
