package org.atarisaliency.cli.experiment;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.NpyStreamWriter;
import org.atarisaliency.saliency.JacobianMap;
import org.atarisaliency.saliency.JacobianSaliency;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;
import org.atarisaliency.video.StepsCsv;

/**
 * The maps of a frame range: the agent plays from the episode start (the same rollout as
 * {@code record} with the same seed), and for each step in the range the frame is preprocessed and
 * explained with one method. Writes, T steps: frames.npy (uint8 T x 210 x 160 x 3, optional),
 * inputs.npy (float32 T x 80 x 80), actor.npy, critic.npy, chosen.npy (float32 T x 80 x 80), for
 * perturbation also actor_grid.npy and critic_grid.npy (T x g x g), and steps.csv.
 */
final class MapsJob {
    private MapsJob() {
    }

    static void run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Map<String, Object> method = job.section("method");
        Map<String, Object> settings = job.section("settings");
        int start = job.integer("frames", "start"), count = job.integer("frames", "count");
        long seed = job.seed();
        ActionSelection selection = ActionSelection.parse(String.valueOf(settings.get("policy")));
        boolean perturbation = method.get("method").equals("perturbation");
        List<NpyStreamWriter> writers = new ArrayList<>();
        boolean ok = false;
        try (AtariEnv env = AtariEnv.open(job.game(), job.rom(), Seeds.childInt(seed, "env", 0), 0);
             Policy policy = Agents.loadPolicy(Path.of(String.valueOf(job.section("agent").get("file"))), env.actionCount());
             PerturbationSaliency engine = perturbation ? new PerturbationSaliency(policy) : null;
             JacobianSaliency jacobian = perturbation ? null : new JacobianSaliency(policy);
             BufferedWriter csv = Files.newBufferedWriter(dir.resolve("steps.csv"), StandardCharsets.UTF_8)) {
            int s = policy.inputSize();
            NpyStreamWriter frames = Boolean.TRUE.equals(settings.get("frames_npy"))
                    ? add(writers, NpyStreamWriter.uint8(dir.resolve("frames.npy"), AtariEnv.HEIGHT, AtariEnv.WIDTH, AtariEnv.CHANNELS)) : null;
            NpyStreamWriter inputs = add(writers, new NpyStreamWriter(dir.resolve("inputs.npy"), s, s));
            NpyStreamWriter actor = add(writers, new NpyStreamWriter(dir.resolve("actor.npy"), s, s));
            NpyStreamWriter critic = add(writers, new NpyStreamWriter(dir.resolve("critic.npy"), s, s));
            NpyStreamWriter chosen = add(writers, new NpyStreamWriter(dir.resolve("chosen.npy"), s, s));
            NpyStreamWriter actorGrid = null, criticGrid = null;
            int stride = perturbation ? ((Number) method.get("stride")).intValue() : 0;
            if (perturbation) {
                int g = (s + stride - 1) / stride;
                actorGrid = add(writers, new NpyStreamWriter(dir.resolve("actor_grid.npy"), g, g));
                criticGrid = add(writers, new NpyStreamWriter(dir.resolve("critic_grid.npy"), g, g));
            }
            List<String> names = env.actionNames();
            csv.write(StepsCsv.header(names));
            SplittableRandom rng = new SplittableRandom(Seeds.child(seed, "actions", 0));
            RecurrentState h = policy.initialState(1);
            byte[] rgb = new byte[AtariEnv.FRAME_BYTES];
            double score = 0;
            for (int t = 0; t < start + count; t++) {
                env.frame(rgb);
                float[] x = new float[policy.preprocessor().length()];
                policy.preprocessor().apply(rgb, x, 0);
                PolicyOutput out = policy.forward(x, h);
                int action = selection.choose(out, 0, rng);
                if (t >= start) {
                    SaliencyRequest req = new SaliencyRequest(x, h, perturbation ? stride : SaliencyRequest.DEFAULT_STRIDE,
                            perturbation ? ((Number) method.get("radius")).doubleValue() : SaliencyRequest.DEFAULT_RADIUS,
                            perturbation ? ((Number) method.get("blur")).doubleValue() : SaliencyRequest.DEFAULT_BLUR,
                            perturbation ? PerturbationMode.parse(String.valueOf(method.get("mode"))) : PerturbationMode.OCCLUDE, 257);
                    if (perturbation) {
                        SaliencyMap m = engine.compute(req);
                        actor.append(m.actorUpsampled());
                        critic.append(m.criticUpsampled());
                        chosen.append(m.chosenUpsampled());
                        actorGrid.append(m.actor());
                        criticGrid.append(m.critic());
                    } else {
                        JacobianMap m = jacobian.compute(req);
                        actor.append(m.allLogits());
                        critic.append(m.critic());
                        chosen.append(m.chosen());
                    }
                    if (frames != null) {
                        frames.append(rgb);
                    }
                    inputs.append(x);
                }
                AtariEnv.Step st = env.step(action);
                score += st.reward();
                h = out.next();
                if (t >= start) {
                    csv.write(StepsCsv.row(t, action, names.get(action), out.probabilities(0), out.values()[0], st.reward(), score, env.lives()));
                    progress.accept((t - start + 1) / (double) count);
                }
                if (st.gameOver()) {
                    if (t < start) {
                        throw new JobFailedException("the episode ended at step " + (t + 1) + ", before the frame range starts at " + start
                                + "; choose an earlier 'start' or another seed");
                    }
                    break;
                }
            }
            for (NpyStreamWriter w : writers) {
                w.close();
            }
            ok = true;
        } finally {
            if (!ok) {
                writers.forEach(NpyStreamWriter::abort);
            }
        }
    }

    private static NpyStreamWriter add(List<NpyStreamWriter> writers, NpyStreamWriter w) {
        writers.add(w);
        return w;
    }
}
