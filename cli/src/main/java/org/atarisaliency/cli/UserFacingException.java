package org.atarisaliency.cli;

/** A failure whose message is already a complete one-line explanation for the user. */
public class UserFacingException extends RuntimeException {
    public UserFacingException(String message) {
        super(message);
    }
}
