package org.atarisaliency.saliency.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The saliency-method registry: every name round-trips, one class per method, the maps in their written order. */
class SaliencyMethodsTest {

    @Test
    void everyRegisteredNameRoundTrips() {
        assertEquals(List.of("perturbation", "chosen-action", "input-relative", "jacobian", "random"), SaliencyMethods.names());
        Set<Class<?>> classes = new HashSet<>();
        for (SaliencyMethod m : SaliencyMethods.all()) {
            assertSame(m, SaliencyMethods.find(m.name()).orElseThrow(), m.name());
            assertTrue(classes.add(m.getClass()), "one class per method: " + m.getClass());
        }
        assertTrue(SaliencyMethods.find("gradcam").isEmpty());
    }

    @Test
    void theMapsKeepTheirNamesOrderAndExplainedOutputs() {
        assertEquals(List.of("perturbation_actor:actor", "perturbation_critic:critic", "chosen_action:chosen", "relative_actor:actor",
                        "relative_critic:critic", "jacobian_chosen:chosen", "jacobian_all_logits:actor", "jacobian_critic:critic", "random:actor"),
                SaliencyMethods.outputs().stream().map(o -> o.map() + ":" + o.explains()).toList());
        assertEquals(List.of("jacobian"), SaliencyMethods.all().stream().filter(SaliencyMethod::needsGradients).map(SaliencyMethod::name).toList());
    }

    @Test
    void theRandomBaselineDrawsOneValuePerPixelFromItsStream() throws Exception {
        java.util.Map<String, float[]> out = new java.util.LinkedHashMap<>();
        new RandomMethod().draw(new MethodInputs(null, null, null, new java.util.SplittableRandom(7), 3), out);
        java.util.SplittableRandom same = new java.util.SplittableRandom(7);
        float[] r = out.get("random");
        assertEquals(9, r.length);
        for (float v : r) {
            assertEquals((float) same.nextDouble(), v);
        }
    }
}
