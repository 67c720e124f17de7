package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.atarisaliency.agents.checkpoint.TorchCheckpointWriter;

/** CleanRL-shaped agents with random weights, written as torch state dicts, for tests of any module. */
public final class CleanRlAgents {
    private CleanRlAgents() {
    }

    /** A {@code ppo_atari} agent (Nature-CNN over 4 frames, 6 actions: Pong's), seeded, written to {@code file}. */
    public static Path writePpo(Path file) throws IOException {
        Random r = new Random(5);
        Map<String, TensorData> t = new LinkedHashMap<>();
        put(t, r, "network.0", 32, 4, 8, 8);
        put(t, r, "network.2", 64, 32, 4, 4);
        put(t, r, "network.4", 64, 64, 3, 3);
        put(t, r, "network.7", 512, 3136);
        put(t, r, "actor", 6, 512);
        put(t, r, "critic", 1, 512);
        TorchCheckpointWriter.write(file, t);
        return file;
    }

    private static void put(Map<String, TensorData> t, Random r, String name, int out, int... in) {
        int fan = 1;
        for (int d : in) {
            fan *= d;
        }
        float[] w = new float[out * fan];
        double s = Math.sqrt(2.0 / fan);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * s);
        }
        long[] shape = new long[in.length + 1];
        shape[0] = out;
        for (int i = 0; i < in.length; i++) {
            shape[i + 1] = in[i];
        }
        t.put(name + ".weight", TensorData.float32(w, shape));
        float[] b = new float[out];
        for (int i = 0; i < out; i++) {
            b[i] = (float) (r.nextGaussian() * 0.01);
        }
        t.put(name + ".bias", TensorData.float32(b, out));
    }
}
