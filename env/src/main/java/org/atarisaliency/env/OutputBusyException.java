package org.atarisaliency.env;

import java.io.IOException;
import java.nio.file.Path;

/** Another process holds an output's {@link OutputLock}. */
public class OutputBusyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code output}: the folder or file being written; {@code pid}: the holder's process id, or "unknown". */
    public OutputBusyException(Path output, String pid) {
        super("another run is writing " + output + " (PID " + pid + "); wait for it to finish, or write elsewhere");
    }
}
