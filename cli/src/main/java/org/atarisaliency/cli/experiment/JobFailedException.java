package org.atarisaliency.cli.experiment;

/** A job that could not finish; the message is the one line shown and kept in the manifest. */
final class JobFailedException extends org.atarisaliency.cli.UserFacingException {
    private static final long serialVersionUID = 1L;

    JobFailedException(String message) {
        super(message);
    }
}
