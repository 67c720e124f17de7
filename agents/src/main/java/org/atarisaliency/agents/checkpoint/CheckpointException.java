package org.atarisaliency.agents.checkpoint;

import java.io.IOException;

/** One-line, user-facing error about a checkpoint file: names the file, the problem and a fix hint. */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception; line breaks in {@code message} are replaced by spaces. */
    public CheckpointException(String message) {
        super(oneLine(message));
    }

    /** Creates an exception with a cause; line breaks in {@code message} are replaced by spaces. */
    public CheckpointException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        return message == null ? "checkpoint error" : message.replaceAll("[\\r\\n]+", " ");
    }
}
