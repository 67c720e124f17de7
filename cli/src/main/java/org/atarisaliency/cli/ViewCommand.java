package org.atarisaliency.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.atarisaliency.viewer.BrowserOpener;
import org.atarisaliency.viewer.PortInUseException;
import org.atarisaliency.viewer.ViewTarget;
import org.atarisaliency.viewer.ViewerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code view}: the local web explorer of what a command wrote. */
@Command(name = "view", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explore a recording, run, study or analysis folder in the browser.",
            "Scrub the steps, toggle the maps, hover for values and objects, and follow",
            "linked plots; two recordings (or a progression job) side by side on one",
            "scale; export PNG, SVG and MP4. Serves on 127.0.0.1 only, offline, until",
            "Ctrl-C."})
public final class ViewCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "PATH",
            description = {"A record output (STEM.mp4, STEM or its folder), an experiment run folder, a study folder, "
                + "or a saliency, memory, intervene or shortcut output folder; a second recording to compare with the first."})
    List<Path> paths;

    @Option(names = "--port", defaultValue = "8090", paramLabel = "N", description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 for any free one).")
    int port;

    @Option(names = "--no-open", description = "Print the address only; do not open a browser.")
    boolean noOpen;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        }
        for (Path p : paths) {
            if (!Files.exists(p) && !Files.exists(Path.of(p + ".run.json"))) {
                throw new java.nio.file.NoSuchFileException(p.toString());
            }
        }
        ViewerServer server = start(ViewTarget.open(paths), port);
        var out = spec.commandLine().getOut();
        out.printf("viewing %s at %s%n", String.join(" and ", paths.stream().map(Path::toString).toList()), server.url());
        if (!noOpen && !BrowserOpener.open(server.url())) {
            out.println("open that address in a browser");
        }
        out.println("stop with Ctrl-C");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (java.io.IOException ignored) {
                // stopping anyway
            }
            stopped.countDown();
        }));
        stopped.await();
        return ExitCodes.OK;
    }

    /** The server, or the port's error naming --port. */
    static ViewerServer start(ViewTarget target, int port) throws java.io.IOException {
        Path exports = Files.createTempDirectory("atari-view-exports");
        try {
            return ViewerServer.start(target, port, exports);
        } catch (PortInUseException e) {
            target.close();
            Files.deleteIfExists(exports);
            throw new UserFacingException(e.getMessage() + "; choose another with --port N, or --port 0 for any free port");
        }
    }
}
