package org.atarisaliency.viewer;

import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a URL in the user's browser: {@link Desktop} where it can browse, else xdg-open; says whether it tried. */
public final class BrowserOpener {
    private BrowserOpener() {
    }

    /** True when a browser was asked to open {@code url}. */
    public static boolean open(URI url) {
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(url);
                return true;
            }
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path xdg = Path.of(dir, "xdg-open");
                if (Files.isExecutable(xdg) && System.getenv("DISPLAY") != null) {
                    new ProcessBuilder(xdg.toString(), url.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return true;
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        return false;
    }
}
