package org.atarisaliency.experiment;

import java.util.ArrayList;
import java.util.List;

/** The registry of job types: one line per type, in the order configs list their outputs. */
final class JobTypes {
    private static final List<JobType> ALL = List.of(
            new EvaluateJob(),
            new MapsJob(),
            new VideoJob(),
            new MemoryJob(),
            new SanityJob(),
            new CounterfactualsJob(),
            new ShortcutJob(),
            new ProgressionJob(),
            new ImitateJob());

    private JobTypes() {
    }

    /** Every type, in order. */
    static List<JobType> all() {
        return ALL;
    }

    /** The type named {@code name}. */
    static JobType get(String name) {
        for (JobType t : ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown job type '" + name + "'");
    }

    /** Every type's name, in order. */
    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (JobType t : ALL) {
            out.add(t.name());
        }
        return out;
    }
}
