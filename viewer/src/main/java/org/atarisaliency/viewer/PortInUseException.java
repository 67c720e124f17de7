package org.atarisaliency.viewer;

import java.io.IOException;

/** The viewer's port is taken; the command names the setting that chooses another. */
public final class PortInUseException extends IOException {
    private final int port;

    public PortInUseException(int port) {
        super("port " + port + " on 127.0.0.1 is in use (another view, or another program)");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
