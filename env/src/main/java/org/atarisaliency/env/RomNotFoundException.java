package org.atarisaliency.env;

/** A ROM could not be found; the message says where we looked and how to install ROMs. */
public class RomNotFoundException extends RuntimeException {
    public RomNotFoundException(String message) {
        super(message);
    }
}
