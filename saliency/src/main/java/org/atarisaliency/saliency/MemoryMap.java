package org.atarisaliency.saliency;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.atarisaliency.agents.PolicyOutput;

/**
 * How much one step's actor and critic depend on the memory: per state part (h; h and c for an
 * LSTM; the older frames of a frame stack), the same scores as image saliency (actor
 * 0.5*sum (dlogits)^2, critic 0.5*(dV)^2) for scaling, removing and adding noise to the part, and
 * per unit (or per frame of a stack) for removing it alone.
 */
public record MemoryMap(PolicyOutput output, List<Part> parts) {

    /**
     * Scores of one state part.
     *
     * @param name         "h", "c" or "frames"
     * @param scaleActor   actor score for multiplying the part by the request's scale
     * @param scaleCritic  critic score for the same
     * @param removeActor  actor score for setting the part to zero
     * @param removeCritic critic score for the same
     * @param noiseActor   mean actor score over the noise draws
     * @param noiseCritic  mean critic score over the noise draws
     * @param unitActor    per unit (group): actor score for zeroing it alone (empty when not asked)
     * @param unitCritic   per unit (group): critic score for the same
     * @param unitSize     state values per unit (1; a whole frame for a frame stack)
     * @param scaleActorTv the actor's change for the scaling on an absolute scale: the total-variation distance between the
     *                     action distributions, in [0, 1]
     */
    public record Part(String name, double scaleActor, double scaleCritic, double removeActor, double removeCritic,
                       double noiseActor, double noiseCritic, float[] unitActor, float[] unitCritic, int unitSize, double scaleActorTv) {

        /** The k units with the highest actor score, best first. */
        public int[] topUnits(int k) {
            return IntStream.range(0, unitActor.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer u) -> -unitActor[u]).thenComparing(u -> u))
                    .limit(k).mapToInt(Integer::intValue).toArray();
        }

        @Override
        public String toString() {
            return "Part[" + name + " scale " + scaleActor + "/" + scaleCritic + " remove " + removeActor + "/" + removeCritic
                    + " units " + Arrays.toString(topUnits(Math.min(5, unitActor.length))) + "]";
        }
    }

    /** The part called {@code name}. */
    public Part part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no state part '" + name + "'"));
    }
}
