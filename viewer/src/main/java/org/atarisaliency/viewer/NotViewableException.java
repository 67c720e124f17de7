package org.atarisaliency.viewer;

/** A path the viewer cannot open: its one-line message names what it is not and what to give instead. */
public final class NotViewableException extends IllegalArgumentException {
    public NotViewableException(String message) {
        super(message);
    }
}
