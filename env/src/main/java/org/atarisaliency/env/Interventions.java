package org.atarisaliency.env;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The interventions of each game ({@link Intervention}), built on {@link GameObjects}' RAM model:
 * every movable object moved by +-{@code shift} pixels along each of its axes, plus the game's
 * deletions and score changes. The README lists them per game.
 */
public final class Interventions {
    private Interventions() {
    }

    /** The interventions of {@code rom} (empty when {@link GameObjects#supported} is false). */
    public static List<Intervention> of(String rom, int shift) {
        if (shift < 1 || shift > 100) {
            throw new InvalidSettingException("shift", "must be 1..100 pixels, got " + shift);
        }
        List<Intervention> out = new ArrayList<>();
        for (GameObjects.Coordinate c : GameObjects.coordinates(rom)) {
            out.add(new Move(rom, c.object(), c.axis(), shift));
            out.add(new Move(rom, c.object(), c.axis(), -shift));
        }
        return out;
    }

    /** Whether two screens differ anywhere. */
    static boolean differ(byte[] a, byte[] b) {
        return !Arrays.equals(a, 0, AtariEnv.FRAME_BYTES, b, 0, AtariEnv.FRAME_BYTES);
    }

    /** The box of object {@code name} in a RAM state, or null. */
    static GameObjects.Box objectBox(String rom, String name, byte[] ram) {
        for (GameObjects.GameObject o : GameObjects.objects(rom, ram)) {
            if (o.name().equals(name)) {
                return o.box();
            }
        }
        return null;
    }

    /**
     * Moves an object by {@code delta} pixels ({@link GameObjects#move}). Applicable when the object is
     * drawn and its moved box stays on the screen; took when its RAM coordinate after the step differs
     * from the control's by {@code delta} (+-1) and the screens differ.
     */
    record Move(String rom, String object, String axis, int delta) implements Intervention {
        @Override
        public String name() {
            return object + "." + axis + (delta > 0 ? "+" : "") + delta;
        }

        @Override
        public String kind() {
            return "move";
        }

        @Override
        public boolean applicable(byte[] ram) {
            GameObjects.Box b = box(ram);
            GameObjects.Coordinate c = GameObjects.coordinate(rom, object, axis);
            int v = (ram[c.writeIndex()] & 0xff) + delta;
            if (b == null || v < 0 || v > 255) {
                return false;
            }
            return axis.equals("x") ? b.left() + delta >= 0 && b.left() + b.width() + delta <= AtariEnv.WIDTH
                    : b.top() + delta >= 0 && b.top() + b.height() + delta <= AtariEnv.HEIGHT;
        }

        @Override
        public void apply(AtariEnv env) {
            GameObjects.move(env, rom, object, axis, delta);
        }

        @Override
        public GameObjects.Box box(byte[] ram) {
            return objectBox(rom, object, ram);
        }

        @Override
        public boolean took(byte[] controlRam, byte[] intervenedRam, byte[] controlFrame, byte[] intervenedFrame) {
            GameObjects.Coordinate c = GameObjects.coordinate(rom, object, axis);
            int moved = (intervenedRam[c.ramIndex()] & 0xff) - (controlRam[c.ramIndex()] & 0xff);
            return Math.abs(moved - delta) <= 1 && differ(controlFrame, intervenedFrame);
        }
    }
}
