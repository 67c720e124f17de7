package org.atarisaliency.pipelines;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.pipelines.settings.Setting;

/**
 * The registry of map-making methods ({@link MapMethod}); the first is the default. Adding a method is one class
 * implementing {@link MapMethod} and one line here: the method setting's choices, an experiment config's
 * {@code methods:} names and schemas, and the maps job's agent check follow.
 */
public final class MapMethods {
    private static final List<MapMethod> ALL = List.of(
            new PerturbationMaps(),
            new JacobianMaps());

    private MapMethods() {
    }

    /** Every method, in registry order. */
    public static List<MapMethod> all() {
        return ALL;
    }

    /** The method used when none is chosen. */
    public static MapMethod byDefault() {
        return ALL.get(0);
    }

    /** The method names, in registry order. */
    public static List<String> names() {
        return ALL.stream().map(MapMethod::name).toList();
    }

    /**
     * The method called {@code name} (a name already checked against {@link #names()}).
     *
     * @throws IllegalArgumentException for another name
     */
    public static MapMethod get(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no map method '" + name + "'; the methods are " + String.join(", ", names())));
    }

    /** "NAME: HELP" of every method, for the method setting's help. */
    static String help() {
        return String.join("; ", ALL.stream().map(m -> m.name() + ": " + m.help()).toList());
    }

    /** The settings some method applies to one frame, each once, in registry order. */
    static Setting<?>[] frameSettings() {
        Map<String, Setting<?>> all = new LinkedHashMap<>();
        for (MapMethod m : ALL) {
            m.frameDeclaration().settings().forEach(s -> all.putIfAbsent(s.key(), s));
        }
        return new ArrayList<>(all.values()).toArray(Setting<?>[]::new);
    }
}
