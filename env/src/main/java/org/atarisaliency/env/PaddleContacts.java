package org.atarisaliency.env;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the steps at which the agent's paddle hit the ball, from the console RAM of each step
 * (read after the step), for Pong and Breakout.
 *
 * <ul>
 *   <li>Breakout: RAM[101] is the ball's height (screen row ~ RAM[101] + 10; 0 when no ball is in
 *   play) and the paddle sits at screen rows 189..192. A contact is a turn of the ball from falling
 *   to rising (a local maximum of RAM[101]) at RAM[101] >= 165, i.e. within ~14 rows above the
 *   paddle; turns higher up are bricks and walls.</li>
 *   <li>Pong: RAM[49] is the ball's x (screen column ~ RAM[49] - 48; RAM[54] = 0 when no ball is in
 *   play) and the agent's (right, green) paddle is at columns 140..143. A contact is a turn of the
 *   ball from moving right to moving left (a local maximum of RAM[49]) at RAM[49] >= 178 (column
 *   >= 130); the opponent's hits are the local minima at RAM[49] <= 80 (column <= 32).</li>
 * </ul>
 * With a frame skip of 2-4 the turn is seen on the step nearest to the bounce. Tests check the
 * detected steps against the ball and paddle positions in the real frames.
 */
public final class PaddleContacts {
    private PaddleContacts() {
    }

    /** Whether contacts can be detected for this ROM. */
    public static boolean supported(String rom) {
        return GameModels.find(rom).map(GameModel::detectsContacts).orElse(false);
    }

    /** Steps (indices into {@code ram}) at which the agent's paddle hit the ball. */
    public static List<Integer> agent(String rom, List<byte[]> ram) {
        return GameModels.find(rom).map(m -> m.agentContacts(ram)).orElse(List.of());
    }

    /** Pong only: steps at which the opponent's paddle hit the ball. */
    public static List<Integer> opponent(String rom, List<byte[]> ram) {
        return GameModels.find(rom).map(m -> m.opponentContacts(ram)).orElse(List.of());
    }

    /**
     * Local extrema of RAM[index] (maxima when {@code maxima}, else minima) with value in [lo, hi],
     * while the ball is in play (RAM[present] != 0; present 0 means "use RAM[index] != 0").
     * A plateau of equal values counts once, at its first step.
     */
    static List<Integer> turns(List<byte[]> ram, int index, int present, boolean maxima, int lo, int hi) {
        List<Integer> out = new ArrayList<>();
        int n = ram.size();
        for (int t = 1; t < n - 1; t++) {
            int v = ram.get(t)[index] & 0xff;
            if (!inPlay(ram.get(t), index, present) || !inPlay(ram.get(t - 1), index, present) || v < lo || v > hi) {
                continue;
            }
            int before = ram.get(t - 1)[index] & 0xff;
            int u = t + 1;
            while (u < n && (ram.get(u)[index] & 0xff) == v && inPlay(ram.get(u), index, present)) {
                u++;
            }
            if (u >= n || !inPlay(ram.get(u), index, present)) {
                continue;
            }
            int after = ram.get(u)[index] & 0xff;
            boolean turn = maxima ? before < v && after < v : before > v && after > v;
            if (turn) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean inPlay(byte[] ram, int index, int present) {
        return (ram[present == 0 ? index : present] & 0xff) != 0;
    }
}
