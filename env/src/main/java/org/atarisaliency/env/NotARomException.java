package org.atarisaliency.env;

/** A file given as a ROM is not an Atari 2600 ROM the emulator can run; the message names the file and the fix. */
public class NotARomException extends RomNotFoundException {
    public NotARomException(String message) {
        super(message);
    }
}
