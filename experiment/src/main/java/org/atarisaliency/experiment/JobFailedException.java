package org.atarisaliency.experiment;

/** A job that could not finish; the message is the one line shown and kept in the manifest. */
public final class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JobFailedException(String message) {
        super(message);
    }
}
