package org.atarisaliency.agents.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * The networks of CleanRL's PPO Atari scripts, with their state-dict names and shapes (the order
 * of {@code agent.named_parameters()}).
 */
public enum PpoArch {
    /** {@code ppo_atari}: NatureCNN over 4 stacked frames, actor and critic on its 512 features. */
    CNN(4, 0),
    /** {@code ppo_atari_lstm}: NatureCNN over 1 frame, {@code nn.LSTM(512, 128)}, actor and critic on h. */
    LSTM(1, 128);

    /** Frames per observation. */
    public final int frames;
    /** The LSTM's hidden size (0: none). */
    public final int hidden;

    PpoArch(int frames, int hidden) {
        this.frames = frames;
        this.hidden = hidden;
    }

    /** The CleanRL script that defines the network. */
    public String script() {
        return this == CNN ? "ppo_atari" : "ppo_atari_lstm";
    }

    /** The lower-case name ("cnn", "lstm"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The arch called {@code label}, or null. */
    public static PpoArch fromLabel(String label) {
        for (PpoArch a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        return null;
    }

    /** The LSTM state's parts (h, c); empty for the CNN. */
    public List<String> stateNames() {
        return this == LSTM ? List.of("h", "c") : List.of();
    }

    /** Tensor names and shapes of the network for {@code actions} actions, in parameter order. */
    public LinkedHashMap<String, int[]> shapes(int actions) {
        LinkedHashMap<String, int[]> s = new LinkedHashMap<>();
        int in = frames;
        for (int l = 0; l < NatureTrunk.KERNELS.length; l++) {
            int k = NatureTrunk.KERNELS[l], out = NatureTrunk.CHANNELS[l];
            s.put("network." + 2 * l + ".weight", new int[] {out, in, k, k});
            s.put("network." + 2 * l + ".bias", new int[] {out});
            in = out;
        }
        int flat = NatureTrunk.FLAT, f = NatureTrunk.FEATURES;
        s.put("network.7.weight", new int[] {f, flat});
        s.put("network.7.bias", new int[] {f});
        int top = f;
        if (this == LSTM) {
            s.put("lstm.weight_ih_l0", new int[] {4 * hidden, f});
            s.put("lstm.weight_hh_l0", new int[] {4 * hidden, hidden});
            s.put("lstm.bias_ih_l0", new int[] {4 * hidden});
            s.put("lstm.bias_hh_l0", new int[] {4 * hidden});
            top = hidden;
        }
        s.put("actor.weight", new int[] {actions, top});
        s.put("actor.bias", new int[] {actions});
        s.put("critic.weight", new int[] {1, top});
        s.put("critic.bias", new int[] {1});
        return s;
    }
}
