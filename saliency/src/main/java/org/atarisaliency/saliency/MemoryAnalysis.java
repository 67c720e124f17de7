package org.atarisaliency.saliency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.PaddleContacts;

/**
 * When, and how much, the agent relies on its recurrent memory (Greydanus et al. 2018, section
 * 5): along one episode, per step, the actor and critic change when the memory is scaled (the
 * paper: by 0.99), removed or disturbed by noise, per-unit importance, the image-saliency total
 * for comparison, and the game events on the same time axis (rewards, life losses, paddle-ball
 * contacts); plus how many steps the policy needs to come back after its memory is reset.
 */
public final class MemoryAnalysis {
    /** Noise draws averaged per step. */
    public static final int NOISE_SAMPLES = 8;

    /** Settings of a run. */
    public record Settings(long seed, int frames, double memoryScale, double noise, ActionSelection selection, int stride,
                           double radius, int recoveryEvery, double klThreshold, int recoveryMax) {
        public Settings {
            if (frames < 2) {
                throw new org.atarisaliency.env.InvalidSettingException("frames", "must be >= 2, got " + frames);
            }
            if (recoveryEvery < 1 || recoveryMax < 1 || !(klThreshold > 0)) {
                throw new IllegalArgumentException("recovery settings must be positive");
            }
        }
    }

    /**
     * One step. Arrays hold one value per state part.
     *
     * @param contact          the agent's paddle hit the ball during this step (Pong, Breakout)
     * @param opponentContact  Pong: the opponent's paddle hit the ball
     */
    public record Step(int step, int action, double value, double reward, int lives, boolean lifeLost, boolean contact,
                       boolean opponentContact, double[] scaleActor, double[] scaleCritic, double[] removeActor,
                       double[] removeCritic, double[] noiseActor, double[] noiseCritic, double imageActor, double imageCritic) {
    }

    /** After a reset of the memory at {@code step}: steps until the policy is back (KL below the threshold 3 steps running), -1 if not within the cap. */
    public record Recovery(int step, int stepsToRecover, double firstKl) {
    }

    /** Everything measured. */
    public record Result(List<String> parts, int mainPart, List<Step> steps, List<float[]> unitActorMean, List<Recovery> recoveries,
                         boolean contactsSupported, boolean episodeEnded) {

        /** The reliance series of the main part (c for an LSTM, as in the paper; else the first part). */
        public double[] reliance() {
            return steps.stream().mapToDouble(s -> s.scaleActor()[mainPart]).toArray();
        }

        /** Steps with an agent paddle contact. */
        public int[] contactSteps() {
            return steps.stream().filter(Step::contact).mapToInt(Step::step).toArray();
        }
    }

    private MemoryAnalysis() {
    }

    /** Runs the analysis; {@code env} must be the opening of the run's seed ({@link org.atarisaliency.agents.play.Rollout#openGame}). Progress goes to {@code progress} (may be null). */
    public static Result run(Policy policy, AtariEnv env, Settings s, java.util.function.IntConsumer progress) throws InterruptedException {
        return run(policy, env, s, null, progress);
    }

    /** The same, with the hint strip from {@code hints} on every frame (null for none). */
    public static Result run(Policy policy, AtariEnv env, Settings s, org.atarisaliency.agents.play.HintSource hints,
                             java.util.function.IntConsumer progress) throws InterruptedException {
        List<String> parts = policy.stateNames();
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(policy.describe() + " has no memory to analyse");
        }
        int main = parts.contains("c") ? parts.indexOf("c") : 0;
        MemorySaliency memory = new MemorySaliency(policy);
        List<Step> steps = new ArrayList<>();
        List<byte[]> ram = new ArrayList<>();
        List<float[]> unitSums = new ArrayList<>();
        List<Recovery> recoveries = new ArrayList<>();
        List<Shadow> shadows = new ArrayList<>();
        boolean ended = false;
        try (PerturbationSaliency image = new PerturbationSaliency(policy);
             Rollout rollout = Rollout.on(policy, env, s.selection(), s.seed()).keepRam().withHints(hints)) {
            while (!rollout.over() && rollout.t() < s.frames()) {
                Rollout.Observation o = rollout.observe();
                int t = o.t();
                SaliencyMap map = image.compute(new SaliencyRequest(o.input(), o.state(), s.stride(), s.radius(), SaliencyRequest.DEFAULT_BLUR,
                        PerturbationMode.OCCLUDE, 257));
                MemoryMap mem = memory.compute(new MemoryRequest(o.input(), o.state(), s.memoryScale(), s.noise(), NOISE_SAMPLES,
                        Seeds.noise(s.seed(), t), true));
                // the memory saliency's unperturbed row is the policy's output on this step
                PolicyOutput out = mem.output();
                double[] p = out.probabilities(0);
                // shadows: the same observations from a memory that was reset at their start
                if (t > 0 && t % s.recoveryEvery() == 0) {
                    shadows.add(new Shadow(t, policy.initialState(1)));
                }
                advanceShadows(policy, o.input(), p, shadows, recoveries, s);
                org.atarisaliency.agents.play.Step st = rollout.step(out);
                ram.add(st.ram());
                double[][] v = new double[6][parts.size()];
                for (int k = 0; k < parts.size(); k++) {
                    MemoryMap.Part mp = mem.parts().get(k);
                    v[0][k] = mp.scaleActor();
                    v[1][k] = mp.scaleCritic();
                    v[2][k] = mp.removeActor();
                    v[3][k] = mp.removeCritic();
                    v[4][k] = mp.noiseActor();
                    v[5][k] = mp.noiseCritic();
                    if (unitSums.size() <= k) {
                        unitSums.add(new float[mp.unitActor().length]);
                    }
                    float[] acc = unitSums.get(k);
                    for (int u = 0; u < acc.length; u++) {
                        acc[u] += mp.unitActor()[u];
                    }
                }
                steps.add(new Step(t, st.action(), st.value(), st.reward(), st.lives(), st.lifeLost(), false, false,
                        v[0], v[1], v[2], v[3], v[4], v[5], sum(map.actor()), sum(map.critic())));
                if (progress != null) {
                    progress.accept(t + 1);
                }
                ended = st.gameOver();
            }
        }
        for (Shadow sh : shadows) {
            recoveries.add(new Recovery(sh.start, -1, sh.firstKl));
        }
        recoveries.sort((a, b) -> Integer.compare(a.step(), b.step()));
        String rom = env.spec().rom();
        List<Integer> mine = PaddleContacts.agent(rom, ram), theirs = PaddleContacts.opponent(rom, ram);
        List<Step> marked = new ArrayList<>();
        for (Step st : steps) {
            marked.add(new Step(st.step(), st.action(), st.value(), st.reward(), st.lives(), st.lifeLost(), mine.contains(st.step()),
                    theirs.contains(st.step()), st.scaleActor(), st.scaleCritic(), st.removeActor(), st.removeCritic(), st.noiseActor(),
                    st.noiseCritic(), st.imageActor(), st.imageCritic()));
        }
        List<float[]> means = new ArrayList<>();
        for (float[] acc : unitSums) {
            float[] m = acc.clone();
            for (int u = 0; u < m.length; u++) {
                m[u] /= steps.size();
            }
            means.add(m);
        }
        return new Result(parts, main, marked, means, recoveries, PaddleContacts.supported(rom), ended);
    }

    /** A copy of the agent whose memory was reset at {@code start}, fed the same observations. */
    private static final class Shadow {
        final int start;
        RecurrentState state;
        int below;
        int age;
        double firstKl = Double.NaN;

        Shadow(int start, RecurrentState state) {
            this.start = start;
            this.state = state;
        }
    }

    private static void advanceShadows(Policy policy, float[] x, double[] p, List<Shadow> shadows, List<Recovery> done, Settings s) {
        if (shadows.isEmpty()) {
            return;
        }
        int n = shadows.size();
        float[] xs = new float[n * x.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, 0, xs, i * x.length, x.length);
        }
        PolicyOutput o = policy.forward(xs, RecurrentState.concat(shadows.stream().map(sh -> sh.state).toList()));
        List<Shadow> keep = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shadow sh = shadows.get(i);
            double[] q = o.probabilities(i);
            double kl = 0;
            for (int a = 0; a < p.length; a++) {
                if (p[a] > 0) {
                    kl += p[a] * Math.log(p[a] / Math.max(q[a], 1e-300));
                }
            }
            if (sh.age == 0) {
                sh.firstKl = kl;
            }
            sh.age++;
            sh.below = kl < s.klThreshold() ? sh.below + 1 : 0;
            sh.state = o.next().row(i);
            if (sh.below >= 3) {
                done.add(new Recovery(sh.start, sh.age - 3, sh.firstKl));
            } else if (sh.age >= s.recoveryMax()) {
                done.add(new Recovery(sh.start, -1, sh.firstKl));
            } else {
                keep.add(sh);
            }
        }
        shadows.clear();
        shadows.addAll(keep);
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }

    /**
     * Do reliance peaks coincide with contacts more often than chance? Peaks are the steps at or
     * above the 90th percentile of the series; the statistic is the fraction of contacts with a peak
     * within +-{@code window} steps. The null distribution circularly shifts the contact times by a
     * uniform random offset at least 2*window+1 steps from zero (keeping both series' own
     * structure); p = (1 + #null >= observed) / (1 + draws).
     */
    public record ContactTest(int contacts, double observed, double nullMean, double pValue, double peakToMedian,
                              double relianceNearContacts, double relianceOverall) {
    }

    /** The permutation test of {@link ContactTest}. */
    public static ContactTest contactTest(double[] reliance, int[] contacts, int window, int draws, long seed) {
        int n = reliance.length;
        double[] sorted = reliance.clone();
        Arrays.sort(sorted);
        double median = sorted[n / 2], peak = sorted[n - 1];
        double threshold = sorted[(int) Math.floor(0.9 * (n - 1))];
        boolean[] isPeak = new boolean[n];
        for (int i = 0; i < n; i++) {
            isPeak[i] = reliance[i] >= threshold;
        }
        double overall = Arrays.stream(reliance).average().orElse(0);
        if (contacts.length == 0) {
            return new ContactTest(0, Double.NaN, Double.NaN, Double.NaN, peak / Math.max(median, 1e-300), Double.NaN, overall);
        }
        double observed = hits(isPeak, contacts, window, 0);
        double near = 0;
        int cnt = 0;
        for (int c : contacts) {
            for (int d = -window; d <= window; d++) {
                if (c + d >= 0 && c + d < n) {
                    near += reliance[c + d];
                    cnt++;
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int ge = 0;
        double sumNull = 0;
        for (int k = 0; k < draws; k++) {
            // offsets within 2*window of zero would only re-find the observed alignment
            int shift = 2 * window + 1 + rng.nextInt(Math.max(1, n - 4 * window - 1));
            double h = hits(isPeak, contacts, window, shift);
            sumNull += h;
            if (h >= observed) {
                ge++;
            }
        }
        return new ContactTest(contacts.length, observed, sumNull / draws, (1.0 + ge) / (1.0 + draws), peak / Math.max(median, 1e-300),
                near / Math.max(cnt, 1), overall);
    }

    /**
     * Does reliance rise before contacts (the paper's claim) or after? The contact-triggered average
     * of the reliance series at lags -maxLag..+maxLag (each relative to the series' mean), and the
     * mean over the {@code side} steps before a contact (lags -side..-1) and after it (+1..+side).
     * Two circular-shift tests (contacts moved by a random offset, as in {@link ContactTest}): is the
     * before-mean above chance, and is before minus after larger than chance.
     *
     * @param relative  relative[k] = mean reliance at lag k - maxLag over the contacts, divided by the overall mean
     */
    public record ContactProfile(int contacts, int[] lags, double[] relative, int peakLag, double before, double at, double after,
                                 double pBeforeAboveChance, double pBeforeAboveAfter) {
    }

    /** The contact-triggered profile of {@link ContactProfile}. */
    public static ContactProfile contactProfile(double[] reliance, int[] contacts, int maxLag, int side, int draws, long seed) {
        int n = reliance.length;
        double overall = Math.max(Arrays.stream(reliance).average().orElse(0), 1e-300);
        int[] lags = IntStream.rangeClosed(-maxLag, maxLag).toArray();
        double[] relative = new double[lags.length];
        if (contacts.length == 0) {
            Arrays.fill(relative, Double.NaN);
            return new ContactProfile(0, lags, relative, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        for (int k = 0; k < lags.length; k++) {
            relative[k] = windowMean(reliance, contacts, lags[k], lags[k], 0) / overall;
        }
        int peak = 0;
        for (int k = 1; k < lags.length; k++) {
            if (relative[k] > relative[peak]) {
                peak = k;
            }
        }
        double before = windowMean(reliance, contacts, -side, -1, 0) / overall, after = windowMean(reliance, contacts, 1, side, 0) / overall;
        double at = windowMean(reliance, contacts, 0, 0, 0) / overall;
        SplittableRandom rng = new SplittableRandom(seed);
        int geBefore = 0, geDiff = 0;
        for (int k = 0; k < draws; k++) {
            int shift = 2 * side + 1 + rng.nextInt(Math.max(1, n - 4 * side - 1));
            double b = windowMean(reliance, contacts, -side, -1, shift) / overall, a = windowMean(reliance, contacts, 1, side, shift) / overall;
            geBefore += b >= before ? 1 : 0;
            geDiff += b - a >= before - after ? 1 : 0;
        }
        return new ContactProfile(contacts.length, lags, relative, lags[peak], before, at, after, (1.0 + geBefore) / (1.0 + draws),
                (1.0 + geDiff) / (1.0 + draws));
    }

    /** Mean of the series over lags from..to around each contact moved by {@code shift} (circularly), inside the series. */
    private static double windowMean(double[] x, int[] contacts, int from, int to, int shift) {
        int n = x.length, cnt = 0;
        double sum = 0;
        for (int c0 : contacts) {
            int c = (c0 + shift) % n;
            for (int d = from; d <= to; d++) {
                if (c + d >= 0 && c + d < n) {
                    sum += x[c + d];
                    cnt++;
                }
            }
        }
        return cnt == 0 ? Double.NaN : sum / cnt;
    }

    private static double hits(boolean[] isPeak, int[] contacts, int window, int shift) {
        int n = isPeak.length, h = 0;
        for (int c0 : contacts) {
            int c = (c0 + shift) % n;
            for (int d = -window; d <= window; d++) {
                int i = c + d;
                if (i >= 0 && i < n && isPeak[i]) {
                    h++;
                    break;
                }
            }
        }
        return (double) h / contacts.length;
    }
}
