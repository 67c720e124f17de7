package org.atarisaliency.env;

import java.io.IOException;
import java.nio.file.Path;

/** Another process holds a folder's {@link FolderLock}. */
public class FolderBusyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code pid}: the holder's process id, or "unknown". */
    public FolderBusyException(Path dir, String pid) {
        super("another run is writing " + dir + " (PID " + pid + "); wait for it to finish, or write elsewhere");
    }
}
