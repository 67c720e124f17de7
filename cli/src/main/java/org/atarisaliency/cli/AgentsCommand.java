package org.atarisaliency.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.BundledAgents;
import org.atarisaliency.pipelines.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code agents}: the agents this project trained and ships in models/. */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = "List the bundled agents (models/): name, game, network, frames trained, measured score, file, and the command that made it.")
public final class AgentsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    JsonOption json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        List<BundledAgents.Bundled> all = new ArrayList<>(BundledAgents.list());
        // each game's default agent first, then the others by name
        all.sort(java.util.Comparator.comparing((BundledAgents.Bundled b) -> b.game())
                .thenComparing(b -> !Boolean.TRUE.equals(b.info().get("default"))).thenComparing(BundledAgents.Bundled::name));
        var out = spec.commandLine().getOut();
        if (json.on) {
            List<Object> rows = new ArrayList<>();
            for (BundledAgents.Bundled b : all) {
                Map<String, Object> m = new LinkedHashMap<>(b.info());
                m.put("path", b.file().toString());
                rows.add(m);
            }
            out.println(Json.write(rows));
        } else if (all.isEmpty()) {
            out.println("no bundled agents yet in " + BundledAgents.folder() + " (train one with: " + Launcher.command("train", "--game", "Pong-v4", "--out", "runs/train-pong") + ")");
        } else {
            // columns as wide as their longest entry
            String row = "%-" + all.stream().mapToInt(b -> b.name().length()).max().orElse(1) + "s  %-"
                    + all.stream().mapToInt(b -> b.game().length()).max().orElse(1) + "s  %-8s %10s frames  score %s  %s%n";
            for (BundledAgents.Bundled b : all) {
                Map<String, Object> i = b.info();
                out.printf(row, b.name(), b.game(), network(i), i.getOrDefault("frames", "?"), i.getOrDefault("score", "?"), b.file());
                if (i.get("hints") != null) {
                    out.printf("  plays with hints: %s (the default for this agent; --hints overrides)%n", i.get("hints"));
                }
                out.printf("  made by: %s%n", i.getOrDefault("command", "?"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** e.g. "a2c gru": the algorithm where the JSON names it (at the top or in its settings), then the network. */
    private static String network(Map<String, Object> info) {
        Object algo = info.get("algo");
        if (algo == null && info.get("settings") instanceof Map<?, ?> settings) {
            algo = settings.get("algo");
        }
        Object arch = info.getOrDefault("arch", "?");
        return algo == null ? String.valueOf(arch) : algo + " " + arch;
    }
}
