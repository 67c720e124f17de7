package org.atarisaliency.pipelines;

import java.io.IOException;

/** An output location that cannot be used, with what is wrong and how to fix it in one line. */
public class OutputException extends IOException {
    public OutputException(String message) {
        super(message);
    }
}
