package org.atarisaliency.pipelines;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.Npy;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.InputRelative;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Perturbation saliency (Greydanus et al. 2018, {@link Perturbation}): score grids of the actor, the critic and
 * the chosen action. A frame range also gets the grids (actor_grid, critic_grid); one frame the input change of
 * each mask (input_change) and the input-relative maps (relative_actor, relative_critic, + _80; {@link InputRelative}).
 */
final class PerturbationMaps implements MapMethod {
    /** Perturbed images per forward pass on the batched path (bounds memory). */
    static final Setting<Long> BATCH = Setting.integer("batch", 257, 1, 100_000, "Images per forward pass on the batched path (bounds memory)");

    private static final Declaration FRAME = Perturbation.DECLARATION.plus(SharedSettings.PERTURB, BATCH);

    @Override
    public String name() {
        return "perturbation";
    }

    @Override
    public String help() {
        return "Greydanus et al.'s blur perturbation";
    }

    @Override
    public Declaration declaration() {
        return Perturbation.DECLARATION;
    }

    @Override
    public Declaration frameDeclaration() {
        return FRAME;
    }

    /** stride, radius, blur, mode, perturb, and the batch where {@code values} declare it. */
    @Override
    public Map<String, Object> provenance(SettingValues values) {
        Map<String, Object> m = Perturbation.of(values).provenance();
        if (values.declaration().setting(BATCH.key()) != null) {
            m.put(BATCH.key(), values.get(BATCH));
        }
        return m;
    }

    @Override
    public Maker open(Policy policy, SettingValues values) {
        Perturbation p = Perturbation.of(values);
        p.checkAgent(policy);
        Integer batch = values.declaration().setting(BATCH.key()) != null ? values.integer(BATCH) : null;
        return new Engine(new PerturbationSaliency(policy), p, batch);
    }

    /** The engine for one policy; {@code batch} null: the request's default. */
    private record Engine(PerturbationSaliency saliency, Perturbation perturbation, Integer batch) implements Maker {
        @Override
        public FrameMaps explain(float[] input, RecurrentState state) throws InterruptedException {
            SaliencyRequest r = perturbation.request(input, state);
            if (batch != null) {
                r = r.withBatch(batch);
            }
            SaliencyMap m = saliency.compute(r);
            return new FrameMaps(m.grid(), m.actor(), m.critic(), m.chosen(), m.actorUpsampled(), m.criticUpsampled(), m.chosenUpsampled(),
                    m.action(), m.output(), new Extra(r, m));
        }

        @Override
        public Map<String, Object> engine() {
            return Map.of("engine", saliency.incremental() ? "incremental" : "batched");
        }

        @Override
        public void close() {
            saliency.close();
        }
    }

    /** The grids of a frame range; one frame's input change and input-relative maps. */
    private record Extra(SaliencyRequest request, SaliencyMap map) implements Extras {
        @Override
        public Map<String, float[]> step() {
            Map<String, float[]> m = new LinkedHashMap<>();
            m.put("actor_grid", map.actor());
            m.put("critic_grid", map.critic());
            return m;
        }

        @Override
        public void write(RunFolder out, int size) throws IOException {
            int g = map.grid();
            float[] change = InputRelative.inputChange(request, map);
            SaliencyMap relative = InputRelative.of(map, change);
            Npy.writeFloat32(out.file(out.resolve("input_change.npy")), change, g, g);
            Npy.writeFloat32(out.file(out.resolve("relative_actor.npy")), relative.actor(), g, g);
            Npy.writeFloat32(out.file(out.resolve("relative_critic.npy")), relative.critic(), g, g);
            Npy.writeFloat32(out.file(out.resolve("relative_actor_80.npy")), relative.actorUpsampled(), size, size);
            Npy.writeFloat32(out.file(out.resolve("relative_critic_80.npy")), relative.criticUpsampled(), size, size);
        }
    }
}
