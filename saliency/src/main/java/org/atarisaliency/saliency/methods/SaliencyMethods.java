package org.atarisaliency.saliency.methods;

import java.util.List;
import java.util.Optional;

/**
 * The registry of saliency methods, in the order their maps are written. Adding a method is one
 * class implementing {@link SaliencyMethod} and one line here.
 */
public final class SaliencyMethods {
    private static final List<SaliencyMethod> ALL = List.of(
            new PerturbationMethod(),
            new ChosenActionMethod(),
            new InputRelativeMethod(),
            new JacobianMethod(),
            new RandomMethod());

    private SaliencyMethods() {
    }

    /** Every method, in registry order. */
    public static List<SaliencyMethod> all() {
        return ALL;
    }

    /** The method names, in registry order. */
    public static List<String> names() {
        return ALL.stream().map(SaliencyMethod::name).toList();
    }

    /** The method called {@code name}, if any. */
    public static Optional<SaliencyMethod> find(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Every map of every method, in the order they are written. */
    public static List<SaliencyMethod.Output> outputs() {
        return ALL.stream().flatMap(m -> m.outputs().stream()).toList();
    }
}
