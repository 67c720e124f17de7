package org.atarisaliency.pipelines;

import java.io.IOException;
import java.util.Map;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * A way of making saliency maps of frames, for one frame ({@link FrameSaliency}) and a frame range ({@link Maps}): its
 * name, its settings, whether it needs input gradients, and the maps and files it makes. One class per method,
 * registered by one line in {@link MapMethods}.
 */
public interface MapMethod {
    /** The method's name (the method setting's choice, an experiment config's {@code method:}). */
    String name();

    /** What its maps are, for the method setting's help. */
    String help();

    /** Its settings in an experiment config's {@code methods:} entry and in a maps job. */
    Declaration declaration();

    /** The settings it applies to one frame ({@link FrameSaliency}): its {@link #declaration()} and those of one frame only. */
    default Declaration frameDeclaration() {
        return declaration();
    }

    /** Whether it needs the policy's input gradients, which only the single-channel A3C actor-critic has. */
    default boolean needsGradients() {
        return false;
    }

    /** The settings of {@code values} it applies, as provenance records them. */
    Map<String, Object> provenance(SettingValues values);

    /**
     * Its maker for {@code policy}, with the settings of {@code values} it declares (the others are ignored);
     * refuses an agent or settings it cannot use before anything runs.
     */
    Maker open(Policy policy, SettingValues values);

    /** A method set up for one policy: it explains frames, one at a time. */
    interface Maker extends AutoCloseable {
        /** The maps of one preprocessed frame from {@code state}. */
        FrameMaps explain(float[] input, RecurrentState state) throws InterruptedException;

        /** What run.json's settings record about how the maps were computed, beyond the settings. */
        default Map<String, Object> engine() {
            return Map.of();
        }

        @Override
        void close();
    }

    /**
     * One frame's maps: actor, critic and chosen-action scores on a {@code grid} x {@code grid} grid and at
     * the input size (the same arrays where the grid is the input), the action explained, the policy's output
     * and the method's own maps ({@code extras}).
     */
    record FrameMaps(int grid, float[] actor, float[] critic, float[] chosen, float[] actorFull, float[] criticFull, float[] chosenFull,
                     int action, PolicyOutput output, Extras extras) {
        /** The maps {@link Maps} writes for each step besides actor, critic and chosen, by file name, each grid x grid. */
        public Map<String, float[]> stepExtras() {
            return extras.step();
        }

        /** Writes the files {@link FrameSaliency} writes for this frame besides the actor, critic and chosen maps. */
        public void writeExtras(RunFolder out, int size) throws IOException {
            extras.write(out, size);
        }
    }

    /** A method's own maps of one frame; {@link #NONE} for a method without. */
    interface Extras {
        Extras NONE = new Extras() {
        };

        /** For each step of a frame range, by file name, each grid x grid. */
        default Map<String, float[]> step() {
            return Map.of();
        }

        /** The files of one frame, the input {@code size} x {@code size} or the grid's size. */
        default void write(RunFolder out, int size) throws IOException {
        }
    }
}
