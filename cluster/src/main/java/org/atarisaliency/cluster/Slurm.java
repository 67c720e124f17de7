package org.atarisaliency.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm commands this toolkit uses ({@code sbatch}, {@code scontrol}, {@code scancel}), run as
 * processes with an optional extra environment (e.g. {@code SLURM_CONF} for a private cluster).
 */
public final class Slurm {
    private final Map<String, String> env;

    /**
     * Slurm as the environment configures it; the system property {@code atari.slurm.conf}, when set,
     * becomes {@code SLURM_CONF} (a private cluster, as the tests start).
     */
    public Slurm() {
        this(System.getProperty("atari.slurm.conf") == null ? Map.of() : Map.of("SLURM_CONF", System.getProperty("atari.slurm.conf")));
    }

    /** Slurm with {@code env} added to every command's environment. */
    public Slurm(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Whether {@code sbatch} can be run here. */
    public boolean available() {
        try {
            return exec(List.of("sbatch", "--version"), 20).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A finished command. */
    public record Output(int exit, String stdout, String stderr) {
    }

    /** Submits {@code script}; returns the array's job id. */
    public String submit(Path script) throws IOException {
        Output o = exec(List.of("sbatch", "--parsable", script.toString()), 120);
        if (o.exit() != 0) {
            throw new IOException("sbatch failed (exit " + o.exit() + "): " + firstLine(o.stderr().isBlank() ? o.stdout() : o.stderr()));
        }
        String id = o.stdout().strip().split(";", 2)[0];
        if (!id.matches("\\d+")) {
            throw new IOException("sbatch printed no job id: '" + o.stdout().strip() + "'");
        }
        return id;
    }

    /**
     * The state of every task of an array that Slurm still knows (finished tasks stay known for the
     * cluster's MinJobAge), by task index: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT,
     * OUT_OF_MEMORY, NODE_FAIL ... An index Slurm no longer knows is absent; null when Slurm knows
     * nothing of the array (finished long ago, or another cluster).
     */
    public Map<Integer, String> arrayStates(String arrayJobId) throws IOException {
        Output o = exec(List.of("scontrol", "-o", "show", "job", arrayJobId), 60);
        if (o.exit() != 0) {
            String err = (o.stderr() + o.stdout()).toLowerCase(java.util.Locale.ROOT);
            if (err.contains("invalid job id") || err.contains("not found")) {
                return null;
            }
            throw new IOException("scontrol show job " + arrayJobId + " failed: " + firstLine(o.stderr()));
        }
        return parseStates(o.stdout(), arrayJobId);
    }

    /** Parses {@code scontrol -o show job} lines into index to state, expanding pending ranges ("3-5%2", "1,4-8:2"). */
    static Map<Integer, String> parseStates(String text, String arrayJobId) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Map<String, String> f = fields(line);
            if (!arrayJobId.equals(f.get("ArrayJobId")) || !f.containsKey("ArrayTaskId") || !f.containsKey("JobState")) {
                continue;
            }
            for (int i : indices(f.get("ArrayTaskId"))) {
                out.put(i, f.get("JobState"));
            }
        }
        return out;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String tok : line.strip().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) {
                m.putIfAbsent(tok.substring(0, eq), tok.substring(eq + 1));
            }
        }
        return m;
    }

    static List<Integer> indices(String spec) {
        List<Integer> out = new ArrayList<>();
        String s = spec.replaceAll("%\\d+$", "");
        for (String part : s.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int step = 1;
            int colon = part.indexOf(':');
            if (colon > 0) {
                step = Integer.parseInt(part.substring(colon + 1));
                part = part.substring(0, colon);
            }
            int dash = part.indexOf('-');
            if (dash > 0) {
                int a = Integer.parseInt(part.substring(0, dash)), b = Integer.parseInt(part.substring(dash + 1));
                for (int i = a; i <= b; i += step) {
                    out.add(i);
                }
            } else {
                out.add(Integer.parseInt(part));
            }
        }
        return out;
    }

    /** Cancels one task of an array, or the whole array when {@code index} is null. */
    public void cancel(String arrayJobId, Integer index) throws IOException {
        Output o = exec(List.of("scancel", index == null ? arrayJobId : arrayJobId + "_" + index), 60);
        if (o.exit() != 0) {
            throw new IOException("scancel failed: " + firstLine(o.stderr()));
        }
    }

    Output exec(List<String> cmd, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(cmd.get(0) + " not found: is this a Slurm login node? (" + e.getMessage() + ")", e);
        }
        try {
            p.getOutputStream().close();
            var out = new java.util.concurrent.CompletableFuture<String>();
            Thread t = new Thread(() -> {
                try {
                    out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.complete("");
                }
            });
            t.start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Output(p.exitValue(), out.join(), err);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
