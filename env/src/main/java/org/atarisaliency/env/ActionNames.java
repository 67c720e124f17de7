package org.atarisaliency.env;

/** Names of the 18 ALE actions, as gym prints them. */
public final class ActionNames {
    private static final String[] NAMES = {
        "NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT", "UPLEFT", "DOWNRIGHT", "DOWNLEFT",
        "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE", "UPRIGHTFIRE", "UPLEFTFIRE", "DOWNRIGHTFIRE", "DOWNLEFTFIRE"
    };

    private ActionNames() {
    }

    /** Name of an ALE action id (0..17). */
    public static String of(int aleAction) {
        return aleAction >= 0 && aleAction < NAMES.length ? NAMES[aleAction] : "ACTION_" + aleAction;
    }
}
