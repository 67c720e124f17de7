package org.atarisaliency.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.PaddleContacts;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

class MemoryAnalysisTest {

    /** Frames and RAM after each step of a greedy rollout. */
    private record Played(List<byte[]> frames, List<byte[]> ram) {
    }

    private static Played play(String agentDir, String game, int steps) throws Exception {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve(game, loc.availableRoms());
        List<byte[]> frames = new ArrayList<>(), ram = new ArrayList<>();
        try (AtariEnv env = AtariEnv.open(spec, loc.find(spec.rom()), 3, 0);
             ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent(agentDir, 80), env.actionCount())) {
            RecurrentState h = p.initialState(1);
            for (int t = 0; t < steps && !env.gameOver(); t++) {
                float[] x = p.preprocessor().length() == 6400 ? org.atarisaliency.env.Preprocessing.preprocess(env.frame()) : null;
                PolicyOutput o = p.forward(x, h);
                env.step(o.greedyAction(0));
                h = o.next();
                frames.add(env.frame());
                ram.add(env.ram());
            }
        }
        return new Played(frames, ram);
    }

    /** Rows and columns of the pixels of one colour inside a box of the screen. */
    private static int[] find(byte[] f, int y0, int y1, int x0, int x1, int r, int g, int b) {
        int minY = 999, maxY = -1, minX = 999, maxX = -1;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int i = (y * 160 + x) * 3;
                if ((f[i] & 0xff) == r && (f[i + 1] & 0xff) == g && (f[i + 2] & 0xff) == b) {
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        return maxY < 0 ? null : new int[] {minY, maxY, minX, maxX};
    }

    @Test
    void breakoutContactsAreWhereTheBallMeetsThePaddle() throws Exception {
        Played p = play("breakout-v4", "Breakout-v4", 500);
        List<Integer> contacts = PaddleContacts.agent("breakout", p.ram());
        assertTrue(contacts.size() >= 5, "only " + contacts.size() + " contacts in 500 steps of a good agent");
        for (int t : contacts) {
            byte[] f = p.frames().get(t);
            int[] ball = find(f, 100, 188, 8, 151, 200, 72, 72);
            int[] paddle = find(f, 189, 192, 8, 151, 200, 72, 72);
            assertTrue(ball != null && paddle != null, "step " + t + ": no ball or paddle on screen");
            assertTrue(ball[1] >= 170, "step " + t + ": ball at row " + ball[1] + ", not near the paddle (rows 189..192)");
            assertTrue(ball[3] >= paddle[2] - 10 && ball[2] <= paddle[3] + 10, "step " + t + ": ball columns " + ball[2] + ".." + ball[3]
                    + " far from the paddle " + paddle[2] + ".." + paddle[3]);
        }
    }

    @Test
    void pongContactsAreAtTheAgentsPaddle() throws Exception {
        Played p = play("pong-v4", "Pong-v4", 500);
        List<Integer> contacts = PaddleContacts.agent("pong", p.ram());
        assertTrue(contacts.size() >= 3, "only " + contacts.size() + " contacts in 500 steps");
        for (int t : contacts) {
            byte[] f = p.frames().get(t);
            int[] ball = find(f, 34, 193, 0, 159, 236, 236, 236);
            int[] paddle = find(f, 34, 193, 140, 143, 92, 186, 92);
            assertTrue(ball != null && paddle != null, "step " + t + ": no ball or paddle");
            assertTrue(ball[2] >= 125, "step " + t + ": ball at column " + ball[2] + ", not near the agent's paddle");
            assertTrue(ball[1] >= paddle[0] - 8 && ball[0] <= paddle[1] + 8, "step " + t + ": ball rows " + ball[0] + ".." + ball[1]
                    + " far from the paddle " + paddle[0] + ".." + paddle[1]);
        }
    }

    @Test
    void contactTestSeparatesAlignedFromRandomPeaks() {
        Random r = new Random(5);
        int n = 400;
        double[] series = new double[n];
        for (int i = 0; i < n; i++) {
            series[i] = r.nextDouble();
        }
        // irregular contact times (evenly spaced ones would make the circular-shift null periodic)
        int[] contacts = {12, 31, 77, 90, 131, 158, 170, 214, 229, 265, 301, 318, 352, 377};
        double[] aligned = series.clone();
        for (int c : contacts) {
            aligned[c] = 10;
        }
        MemoryAnalysis.ContactTest yes = MemoryAnalysis.contactTest(aligned, contacts, 2, 2000, 1);
        assertEquals(1.0, yes.observed());
        assertTrue(yes.pValue() < 0.01, "p = " + yes.pValue());
        // peaks 20 steps after every contact: the same structure, never coinciding
        double[] shifted = new double[n];
        for (int i = 0; i < n; i++) {
            shifted[i] = r.nextDouble() * 0.1;
        }
        for (int c : contacts) {
            for (int d = 8; d <= 10; d++) {
                shifted[c + d] = 10;
            }
        }
        MemoryAnalysis.ContactTest no = MemoryAnalysis.contactTest(shifted, contacts, 2, 2000, 1);
        assertTrue(no.observed() < 0.15, "share " + no.observed());
        assertTrue(no.pValue() > 0.5, "p = " + no.pValue());
        assertTrue(yes.peakToMedian() > 10, "peak/median " + yes.peakToMedian());
    }

    @Test
    void contactProfileTellsBeforeFromAfter() {
        Random r = new Random(9);
        int n = 400;
        int[] contacts = {12, 31, 77, 90, 131, 158, 170, 214, 229, 265, 301, 318, 352, 377};
        double[] leading = new double[n], lagging = new double[n];
        for (int i = 0; i < n; i++) {
            leading[i] = 1 + r.nextDouble() * 0.1;
            lagging[i] = leading[i];
        }
        for (int c : contacts) {
            leading[c - 3] = 8;
            lagging[c + 2] = 8;
        }
        MemoryAnalysis.ContactProfile before = MemoryAnalysis.contactProfile(leading, contacts, 10, 5, 2000, 1);
        assertEquals(-3, before.peakLag());
        assertEquals(21, before.lags().length);
        assertTrue(before.relative()[10 - 3] > 4, "relative reliance 3 steps before: " + before.relative()[7]);
        assertTrue(before.before() > before.after() && before.pBeforeAboveChance() < 0.01 && before.pBeforeAboveAfter() < 0.01,
                before.toString());
        MemoryAnalysis.ContactProfile after = MemoryAnalysis.contactProfile(lagging, contacts, 10, 5, 2000, 1);
        assertEquals(2, after.peakLag());
        assertTrue(after.after() > after.before() && after.pBeforeAboveAfter() > 0.9, after.toString());
        MemoryAnalysis.ContactProfile none = MemoryAnalysis.contactProfile(leading, new int[0], 10, 5, 2000, 1);
        assertEquals(0, none.contacts());
        assertTrue(Double.isNaN(none.before()));
    }
}
