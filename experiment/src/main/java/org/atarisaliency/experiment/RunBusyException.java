package org.atarisaliency.experiment;

import java.io.IOException;

/** Another run holds the experiment folder. */
public class RunBusyException extends IOException {
    public RunBusyException(String message) {
        super(message);
    }
}
