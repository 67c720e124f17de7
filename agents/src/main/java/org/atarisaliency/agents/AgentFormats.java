package org.atarisaliency.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.atarisaliency.agents.checkpoint.CheckpointException;

/**
 * The registry of {@link AgentFormat}s, read with {@link ServiceLoader} from
 * {@code META-INF/services/org.atarisaliency.agents.AgentFormat}: adding a format is one class and
 * one line there. Formats are tried in that file's order, the fallback last.
 */
public final class AgentFormats {
    private static final List<AgentFormat> FORMATS = load();

    private AgentFormats() {
    }

    private static List<AgentFormat> load() {
        List<AgentFormat> out = new ArrayList<>();
        ServiceLoader.load(AgentFormat.class, AgentFormat.class.getClassLoader()).forEach(out::add);
        if (out.stream().filter(AgentFormat::fallback).count() > 1) {
            throw new IllegalStateException("more than one fallback agent format: " + out);
        }
        return List.copyOf(out);
    }

    /** The formats in the services file's order. */
    public static List<AgentFormat> all() {
        return FORMATS;
    }

    /** Every arch hint a format answers to, in the services file's order. */
    public static List<String> hints() {
        return FORMATS.stream().flatMap(f -> f.hints().stream()).toList();
    }

    /** The format of {@code file}: the first that detects it, else the fallback; one line when none does. */
    public static AgentFormat detect(AgentFile file) throws CheckpointException {
        AgentFormat fallback = null;
        for (AgentFormat f : FORMATS) {
            if (f.fallback()) {
                fallback = f;
            } else if (f.detects(file)) {
                return f;
            }
        }
        if (fallback == null) {
            throw new IncompatibleAgentException(file.name() + " is not an agent of a known format (" + String.join(", ", hints()) + ")");
        }
        return fallback;
    }
}
