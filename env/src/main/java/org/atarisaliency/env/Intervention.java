package org.atarisaliency.env;

/**
 * One object-level change to the game, made by writing console RAM (Atrey et al., ICLR 2020):
 * move an object, delete bricks, change the score. An intervention is tried from a cloned state:
 * it is {@link #apply applied}, the emulator runs one agent step of NOOP to draw it, and it is
 * compared with the same step without it ({@link #took}). Writes that the game overwrites before
 * they show (display copies) or that it pulls back are detected there and reported as "did not take".
 */
public interface Intervention {

    /** A short unique name, e.g. {@code ball.x+8}. */
    String name();

    /** The object whose pixels the intervention changes, e.g. {@code ball}; saliency is scored on its box. */
    String object();

    /** {@code move}, {@code delete} or {@code score}. */
    String kind();

    /** Whether it can be made in the state whose RAM this is (e.g. the ball is in play, the target stays on screen). */
    boolean applicable(byte[] ram);

    /** Writes the RAM of {@code env}'s current state. */
    void apply(AtariEnv env);

    /**
     * The screen box of the affected object, before the intervention, on the screen of {@code drawn}
     * (the RAM of the control state, whose screen the saliency maps explain): where a map should put
     * weight if the object matters; null when it is not there. {@code before} is the RAM the intervention
     * was applied to, which decides its target (e.g. the brick column nearest the ball then).
     */
    GameObjects.Box box(byte[] before, byte[] drawn);

    /**
     * Whether it took: the states after the same step without ({@code control}) and with the intervention
     * show the intended change in RAM and on the screen.
     */
    boolean took(byte[] controlRam, byte[] intervenedRam, byte[] controlFrame, byte[] intervenedFrame);
}
