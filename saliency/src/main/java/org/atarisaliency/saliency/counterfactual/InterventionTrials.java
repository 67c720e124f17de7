package org.atarisaliency.saliency.counterfactual;

import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.EnvState;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.Intervention;

/**
 * Makes each intervention in the state before the agent's previous step and measures how the
 * policy's view of the current frame changes. The <em>control</em> replays the previous step
 * (its action, from its saved state) and must reproduce the frame the agent saw; each
 * intervention is applied to that saved state and followed by the same step, so both screens
 * come from the same emulator RNG, frame skip and action, and the intervention shows in the frame
 * the agent is about to act on. The intervention {@link Intervention#took
 * took} or not; for those that took, the policy runs on the control and the intervened screen from
 * the same recurrent state, and the changes are the scores of perturbation saliency
 * ({@link org.atarisaliency.saliency.SaliencyMap}): actor {@code 0.5 * sum_a (L_a(C) - L_a(I))^2},
 * critic {@code 0.5 * (V(C) - V(I))^2}, chosen action {@code 0.5 * (log pi(a|C) - log pi(a|I))^2}
 * for the greedy action a on the control, plus the total-variation distance of the two policies.
 * The environment is left in the state it was in.
 *
 * <p>{@code ended}: the replayed step ended the episode, so nothing is tried.
 */
public final class InterventionTrials {
    private InterventionTrials() {
    }

    /** What happened to one intervention. */
    public enum Status {
        NOT_APPLICABLE, DID_NOT_TAKE, TOOK;

        /** not_applicable, did_not_take, took. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One intervention at one step; the changes are NaN unless it took.
     *
     * @param box             the affected object's screen box on the control screen (null if none)
     * @param actor           actor change
     * @param critic          critic change
     * @param chosen          chosen-action change
     * @param tv              total-variation distance between the control's and the intervened policy
     * @param action          greedy action on the intervened screen (-1 unless it took)
     */
    public record Trial(Intervention intervention, Status status, GameObjects.Box box, double actor, double critic, double chosen,
                        double tv, int action) {
    }

    /**
     * The trials of one step.
     *
     * @param controlFrame  the control screen: the frame the agent saw (what the maps are computed on)
     * @param controlInput  its preprocessed observation
     * @param controlRam    the RAM of the control state
     * @param control       the policy's output on the control (batch 1)
     * @param controlAction its greedy action
     * @param ended         whether the control step ended the episode (then no intervention is tried)
     */
    public record Result(byte[] controlFrame, float[] controlInput, byte[] controlRam, PolicyOutput control, int controlAction,
                         List<Trial> trials, boolean ended) {
    }

    /**
     * Tries {@code interventions} in {@code before}, the state before the previous step, replaying its
     * {@code action}; {@code state} is the agent's memory before the current frame (batch 1). The
     * environment is returned to the state it is in now.
     *
     * @throws IllegalStateException when the replay does not reproduce {@code seen}, the frame the agent saw
     */
    public static Result run(Policy policy, AtariEnv env, EnvState before, int action, byte[] seen, RecurrentState state,
                             List<Intervention> interventions) {
        if (state.batch() != 1) {
            throw new IllegalArgumentException("state must hold one agent, got " + state.batch());
        }
        EnvState now = env.cloneState();
        try {
            env.restoreState(before);
            byte[] ramBefore = env.ram();
            env.step(action);
            boolean ended = env.gameOver();
            byte[] controlFrame = env.frame();
            byte[] controlRam = env.ram();
            if (!java.util.Arrays.equals(controlFrame, seen)) {
                throw new IllegalStateException("replaying the previous step did not reproduce the frame the agent saw");
            }
            env.restoreState(before);
            int len = policy.preprocessor().length();
            List<Trial> trials = new ArrayList<>();
            List<byte[]> tookFrames = new ArrayList<>();
            List<Intervention> took = new ArrayList<>();
            List<GameObjects.Box> boxes = new ArrayList<>();
            for (Intervention iv : interventions) {
                GameObjects.Box box = iv.box(ramBefore, controlRam);
                boxes.add(box);
                if (ended || !iv.applicable(ramBefore)) {
                    trials.add(new Trial(iv, Status.NOT_APPLICABLE, box, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1));
                    continue;
                }
                iv.apply(env);
                env.step(action);
                byte[] frame = env.frame();
                boolean ok = !env.gameOver() && iv.took(controlRam, env.ram(), controlFrame, frame);
                env.restoreState(before);
                if (ok) {
                    took.add(iv);
                    tookFrames.add(frame);
                    trials.add(null); // filled in below
                } else {
                    trials.add(new Trial(iv, Status.DID_NOT_TAKE, box, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1));
                }
            }
            int n = 1 + took.size();
            float[] x = new float[n * len];
            policy.preprocessor().apply(controlFrame, x, 0);
            for (int k = 0; k < took.size(); k++) {
                policy.preprocessor().apply(tookFrames.get(k), x, (k + 1) * len);
            }
            PolicyOutput out = policy.forward(x, state.repeatRow(0, n));
            int a = out.greedyAction(0);
            double[] pc = out.probabilities(0);
            double[] lpc = out.logProbabilities(0);
            int next = 1;
            for (int i = 0; i < trials.size(); i++) {
                if (trials.get(i) != null) {
                    continue;
                }
                Intervention iv = interventions.get(i);
                int row = next++;
                trials.set(i, measure(iv, boxes.get(i), out, row, a, pc, lpc));
            }
            float[] controlInput = java.util.Arrays.copyOf(x, len);
            PolicyOutput control = new PolicyOutput(1, out.actions(), java.util.Arrays.copyOf(out.logits(), out.actions()),
                    new float[] {out.values()[0]}, out.next().row(0));
            return new Result(controlFrame, controlInput, controlRam, control, a, trials, ended);
        } finally {
            env.restoreState(now);
            now.close();
        }
    }

    private static Trial measure(Intervention iv, GameObjects.Box box, PolicyOutput out, int row, int a, double[] pc, double[] lpc) {
        int na = out.actions();
        float[] l = out.logits();
        double actor = 0;
        for (int k = 0; k < na; k++) {
            double d = l[k] - l[row * na + k];
            actor += d * d;
        }
        double dv = out.values()[0] - out.values()[row];
        double[] pi = out.probabilities(row);
        double[] lpi = out.logProbabilities(row);
        double tv = 0;
        for (int k = 0; k < na; k++) {
            tv += Math.abs(pc[k] - pi[k]);
        }
        double dc = lpc[a] - lpi[a];
        return new Trial(iv, Status.TOOK, box, 0.5 * actor, 0.5 * dv * dv, 0.5 * dc * dc, 0.5 * tv, out.greedyAction(row));
    }
}
