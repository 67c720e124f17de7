package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

/** The expert labels the unmarked frames, then the strip shows its action (overfit) or a random one (control). */
class TeacherTest {
    private static final GameSpec PONG = GameIds.resolve("Pong-v4", TestRoms.locator().availableRoms());

    private static int brightMark(byte[] rgb) {
        int found = -1;
        for (int a = 0; a < 6; a++) {
            int v = rgb[(38 * 160 + 72 + 5 * a) * 3] & 0xff;
            assertTrue(v == 250 || v == 50, "mark " + a + " is " + v);
            if (v == 250) {
                assertEquals(-1, found, "one bright mark");
                found = a;
            }
        }
        return found;
    }

    @Test
    void labelsAreTheExpertsGreedyActionsOnUnmarkedFrames() throws Exception {
        try (ActorCriticPolicy expert = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6);
             ActorCriticPolicy check = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6);
             AtariEnv a = AtariEnv.open(PONG, TestRoms.locator().find(PONG.rom()), 1, 0);
             AtariEnv b = AtariEnv.open(PONG, TestRoms.locator().find(PONG.rom()), 2, 0)) {
            Teacher overfit = new Teacher(expert, Teacher.Mode.EXPERT, 2, 0);
            RecurrentState h = check.initialState(2);
            int randomDiffers = 0;
            Teacher control = new Teacher(ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6), Teacher.Mode.RANDOM, 2, 0);
            for (int t = 0; t < 25; t++) {
                byte[][] frames = {a.frame(), b.frame()};
                byte[][] copies = {frames[0].clone(), frames[1].clone()};
                float[] x = new float[2 * 6400];
                check.preprocessor().apply(frames[0], x, 0);
                check.preprocessor().apply(frames[1], x, 6400);
                PolicyOutput o = check.forward(x, h);
                h = o.next();
                boolean[] start = {t == 0, t == 0};
                int[] labels = overfit.labelAndMark(frames, start);
                assertArrayEquals(new int[] {o.greedyAction(0), o.greedyAction(1)}, labels);
                assertEquals(labels[0], brightMark(frames[0]));
                assertEquals(labels[1], brightMark(frames[1]));
                int[] same = control.labelAndMark(copies, start);
                assertArrayEquals(labels, same, "the control's labels are the expert's too");
                randomDiffers += brightMark(copies[0]) != labels[0] ? 1 : 0;
                a.step(labels[0]);
                b.step(labels[1]);
            }
            assertTrue(randomDiffers > 5, "random hints mostly differ from the expert's action: " + randomDiffers);
        }
    }
}
