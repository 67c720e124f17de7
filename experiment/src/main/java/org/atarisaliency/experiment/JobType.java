package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.Map;
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

    /** Runs {@code job} into {@code dir}; returns what the job's status records as its result, or null. */
    abstract Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception;
}
