package org.atarisaliency.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.atarisaliency.env.internal.AleNative;
import org.atarisaliency.env.SplitMix;
import org.bytedeco.ale.ALEInterface;
import org.bytedeco.ale.ALERAM;
import org.bytedeco.javacpp.IntPointer;

/**
 * One Atari game in the Arcade Learning Environment (ALE 0.7 through JavaCPP), stepped with the
 * game's minimal action set. One agent step repeats the action for the frame skip of the
 * {@link GameSpec} (fixed, or drawn uniformly per step from our seeded RNG as gym v0/v4 did) and
 * sums the rewards. Instances are independent and may run on parallel threads (one thread each).
 */
public final class AtariEnv implements AutoCloseable {

    /** Screen height, width and channels of an RGB frame. */
    public static final int HEIGHT = 210, WIDTH = 160, CHANNELS = 3;
    /** Bytes of one RGB frame. */
    public static final int FRAME_BYTES = HEIGHT * WIDTH * CHANNELS;

    private final ALEInterface ale;
    private final GameSpec spec;
    private final Path romFile;
    private final String romMd5;
    private final long seed;
    private final int[] actions;
    private final SplitMix rng;
    private int episodeSteps;
    private double episodeReturn;
    private boolean closed;
    private boolean maxPoolLastTwo;
    /** MaxAndSkipEnv's two screens (second to last, last of a skip); kept across steps as SB3 keeps them. */
    private byte[] poolA, poolB;
    /** True from a pooled step until reset/restore: {@link #frame(byte[])} then gives the pooled screen. */
    private boolean pooledValid;
    /** The RAM after a restore, until the emulator runs again (null: ALE's view is current). */
    private byte[] ramView;

    /** The result of one agent step: summed reward, frames emulated, and whether the game ended. */
    public record Step(double reward, int frames, boolean gameOver) {
    }

    private AtariEnv(GameSpec spec, Path romFile, long seed, int maxEpisodeFrames) {
        this.spec = spec;
        this.romFile = romFile;
        this.seed = seed;
        this.romMd5 = md5(romFile);
        this.rng = new SplitMix(seed * 0x2545F4914F6CDD1DL + 0x1234567L);
        this.ale = AleNative.newInterface();
        ale.setInt("random_seed", (int) (seed & 0x7fffffff));
        ale.setFloat("repeat_action_probability", spec.repeatActionProbability());
        ale.setInt("frame_skip", 1);
        ale.setInt("max_num_frames_per_episode", Math.max(0, maxEpisodeFrames));
        ale.setBool("color_averaging", false);
        synchronized (AtariEnv.class) {
            ale.loadROM(romFile.toAbsolutePath().toString());
        }
        IntPointer minimal = ale.getMinimalActionSet();
        List<Integer> acts = new ArrayList<>();
        for (long i = 0; i < minimal.limit(); i++) {
            acts.add(minimal.get(i));
        }
        this.actions = acts.stream().mapToInt(Integer::intValue).toArray();
        if (actions.length == 0) {
            ale.close();
            throw new IllegalStateException("ALE reports no actions for ROM " + romFile + "; is it a supported Atari ROM?");
        }
        ale.reset_game();
    }

    /**
     * Opens a game.
     *
     * @param spec              the game and its settings ({@link GameIds#resolve})
     * @param romFile           the ROM file ({@link RomLocator#find}); refused by {@link RomCheck} before ALE sees it
     *                          when it is not a ROM ALE supports
     * @param seed              seeds ALE's RNG (sticky actions) and the frame-skip RNG
     * @param maxEpisodeFrames  emulator frames after which an episode ends (0 = no limit)
     */
    public static AtariEnv open(GameSpec spec, Path romFile, long seed, int maxEpisodeFrames) {
        RomCheck.check(romFile);
        AtariEnv env = new AtariEnv(spec, romFile, seed, maxEpisodeFrames);
        if (spec.maxPoolLastTwo()) {
            env.setMaxPoolLastTwo(true);
        }
        if (spec.fireReset() || spec.noopResetMax() > 0) {
            env.reset();
        }
        return env;
    }

    /**
     * Starts a new episode (an env is opened at the start of one). With {@link GameSpec#noopResetMax()}
     * {@code > 0}, 1..that many NOOP emulator frames follow the ALE reset, the count drawn from this env's
     * seeded RNG (Stable-Baselines3's {@code NoopResetEnv}, whose draw comes from gymnasium's RNG instead,
     * so the counts differ from SB3's; a game over among them resets again). Then with
     * {@link GameSpec#fireReset()}, on a game whose actions include FIRE, come two whole agent steps
     * (frame skip and max-pooling included), FIRE then action 2, as SB3's {@code FireResetEnv} plays them
     * (a game over after either starts the episode afresh without them, as there); their rewards are
     * dropped and they count in neither {@link #episodeSteps()} nor {@link #episodeReturn()}, so the first
     * observation is SB3's reset observation. Emulator frames ({@link #episodeFrames()}) include them.
     */
    public void reset() {
        ale.reset_game();
        noopStart();
        if (spec.fireReset() && fires()) {
            step(1);
            if (ale.game_over()) {
                ale.reset_game();
                noopStart();
            }
            step(2);
            if (ale.game_over()) {
                ale.reset_game();
                noopStart();
            }
        }
        episodeSteps = 0;
        episodeReturn = 0;
    }

    /** Clears the pooled screens and plays the seeded no-op start (nothing when noopResetMax is 0). */
    private void noopStart() {
        pooledValid = false;
        ramView = null;
        if (spec.noopResetMax() > 0) {
            int n = 1 + rng.nextInt(spec.noopResetMax());
            for (int i = 0; i < n; i++) {
                act(actions[0]);
                if (ale.game_over()) {
                    ale.reset_game();
                }
            }
        }
    }

    /**
     * One emulator frame of ALE action {@code a}, then the writes of the spec's variants ({@link GameVariant}), which see
     * the RAM before and after the frame: every frame goes through here, so episode starts, steps and replays from a
     * restored state all play the variant. Without variants it is ALE's frame alone.
     */
    private double act(int a) {
        if (spec.variants().isEmpty()) {
            ramView = null;
            return ale.act(a);
        }
        byte[] before = ram();
        double reward = ale.act(a);
        ramView = null;
        byte[] after = ram();
        byte[] written = after.clone();
        for (GameVariant v : spec.variants()) {
            for (int[] w : v.writes(before, after)) {
                ale.setRAM(w[0], (byte) w[1]);
                written[w[0]] = (byte) w[1];
            }
        }
        // the RAM as written, whether or not ALE's view shows the writes before it runs again
        ramView = written;
        return reward;
    }

    /** Whether SB3 would wrap this game in FireResetEnv: action 1 is FIRE and there are at least 3 actions. */
    boolean fires() {
        return actions.length >= 3 && actions[1] == 1 && actions[0] == 0;
    }

    /**
     * Turns Stable-Baselines3's {@code MaxAndSkipEnv} on or off (off by default). When on, a step
     * repeats the action for the frame skip as before but stops early at game over, as
     * {@code MaxAndSkipEnv} does, and keeps the screens after its second-to-last and last frames;
     * {@link #frame(byte[])} then returns their elementwise maximum (the agent's observation)
     * until the next {@link #reset()} or {@link #restoreState}. Like SB3's buffer, the two screens
     * persist across steps: a step that ends before writing one of them pools the older screen
     * (SB3 only does this on the terminal step). SB3/RL Zoo agents trained on
     * {@code {Game}NoFrameskip-v4} use this with a fixed frame skip of 4 and no sticky actions.
     */
    public void setMaxPoolLastTwo(boolean on) {
        if (on && poolA == null) {
            poolA = new byte[FRAME_BYTES];
            poolB = new byte[FRAME_BYTES];
        }
        maxPoolLastTwo = on;
        pooledValid = false;
    }

    /** Whether {@link #setMaxPoolLastTwo(boolean)} is on. */
    public boolean maxPoolLastTwo() {
        return maxPoolLastTwo;
    }

    /** Plays action {@code actionIndex} (an index into {@link #actionNames()}) for one agent step. */
    public Step step(int actionIndex) {
        if (actionIndex < 0 || actionIndex >= actions.length) {
            throw new IllegalArgumentException("action index " + actionIndex + " out of range 0.." + (actions.length - 1));
        }
        int k = spec.randomFrameSkip()
                ? spec.frameSkipMin() + rng.nextInt(spec.frameSkipMax() - spec.frameSkipMin() + 1)
                : spec.frameSkipMin();
        int a = actions[actionIndex];
        double reward = 0;
        if (maxPoolLastTwo) {
            for (int i = 0; i < k; i++) {
                reward += act(a);
                if (i == k - 2) {
                    ale.getScreenRGB(poolA);
                } else if (i == k - 1) {
                    ale.getScreenRGB(poolB);
                }
                if (ale.game_over()) {
                    k = i + 1;
                    break;
                }
            }
            pooledValid = true;
        } else {
            for (int i = 0; i < k; i++) {
                reward += act(a);
            }
        }
        episodeSteps++;
        episodeReturn += reward;
        return new Step(reward, k, ale.game_over());
    }

    /**
     * Copies the current RGB screen (210x160x3, row-major) into {@code out}; with
     * {@link #setMaxPoolLastTwo(boolean)} on and a step since the last reset, the max-pooled
     * screen of that step instead ({@link #rawFrame(byte[])} has the emulator's screen).
     */
    public void frame(byte[] out) {
        if (maxPoolLastTwo && pooledValid) {
            checkFrameBuffer(out);
            Sb3Preprocessing.maxPool(poolA, poolB, out);
        } else {
            rawFrame(out);
        }
    }

    /** Copies the emulator's current RGB screen (210x160x3, row-major) into {@code out}, pooling or not. */
    public void rawFrame(byte[] out) {
        checkFrameBuffer(out);
        ale.getScreenRGB(out);
    }

    /** The emulator's current RGB screen, freshly allocated. */
    public byte[] rawFrame() {
        byte[] out = new byte[FRAME_BYTES];
        rawFrame(out);
        return out;
    }

    private static void checkFrameBuffer(byte[] out) {
        if (out.length < FRAME_BYTES) {
            throw new IllegalArgumentException("frame buffer needs " + FRAME_BYTES + " bytes, got " + out.length);
        }
    }

    /** The screen {@link #frame(byte[])} gives (210x160x3, row-major), freshly allocated. */
    public byte[] frame() {
        byte[] out = new byte[FRAME_BYTES];
        frame(out);
        return out;
    }

    /** The 128 bytes of console RAM. */
    public byte[] ram() {
        if (ramView != null) {
            return ramView.clone();
        }
        ALERAM r = ale.getRAM();
        byte[] out = new byte[(int) r.size()];
        r.array().get(out);
        return out;
    }

    /** Console RAM byte {@code index} (0..127), unsigned. */
    public int ram(int index) {
        checkRamIndex(index);
        return (ramView != null ? ramView[index] : ale.getRAM().get(index)) & 0xff;
    }

    /**
     * Writes console RAM byte {@code index} (0..127) to {@code value} (0..255; ALE's setRAM). The screen
     * does not change until the emulator runs: the next {@link #step} draws frames from the new state,
     * and the game may overwrite the byte (a display copy) before it shows. Pooled screens are cleared
     * so {@link #frame(byte[])} gives the emulator's screen until the next step.
     */
    public void setRam(int index, int value) {
        checkRamIndex(index);
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("RAM value " + value + " out of range 0..255");
        }
        ale.setRAM(index, (byte) value);
        if (ramView != null) {
            ramView[index] = (byte) value;
        }
        pooledValid = false;
    }

    private static void checkRamIndex(int index) {
        if (index < 0 || index >= 128) {
            throw new IllegalArgumentException("RAM index " + index + " out of range 0..127");
        }
    }

    /** Lives left, as the game reports them. */
    public int lives() {
        return ale.lives();
    }

    /** Whether the episode ended (game over or the frame limit). */
    public boolean gameOver() {
        return ale.game_over();
    }

    /** Agent steps in this episode. */
    public int episodeSteps() {
        return episodeSteps;
    }

    /** Summed reward of this episode so far. */
    public double episodeReturn() {
        return episodeReturn;
    }

    /** Emulator frames in this episode. */
    public int episodeFrames() {
        return ale.getEpisodeFrameNumber();
    }

    /** Number of actions in the minimal action set. */
    public int actionCount() {
        return actions.length;
    }

    /** ALE action ids of the minimal action set. */
    public int[] aleActions() {
        return actions.clone();
    }

    /** Gym-style names of the minimal action set ("NOOP", "FIRE", ...). */
    public List<String> actionNames() {
        List<String> names = new ArrayList<>();
        for (int a : actions) {
            names.add(ActionNames.of(a));
        }
        return names;
    }

    /** Snapshot of emulator, RNGs and counters. */
    public EnvState cloneState() {
        return new EnvState(ale.cloneState(true), rng.state(), episodeSteps, episodeReturn, ram());
    }

    /** Returns to a snapshot taken with {@link #cloneState()} on an env of the same game. */
    public void restoreState(EnvState s) {
        ale.restoreState(s.ale);
        // ALE's RAM view is refreshed only when the emulator runs: until the next step, the RAM is the snapshot's
        ramView = s.ram == null ? null : s.ram.clone();
        rng.setState(s.rngState);
        episodeSteps = s.episodeSteps;
        episodeReturn = s.episodeReturn;
        pooledValid = false;
    }

    public GameSpec spec() {
        return spec;
    }

    public Path romFile() {
        return romFile;
    }

    /** MD5 of the ROM file (hex), for provenance. */
    public String romMd5() {
        return romMd5;
    }

    public long seed() {
        return seed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ale.close();
        }
    }

    private record Md5Key(Path file, long size, java.time.Instant modified) {
    }

    private static final java.util.Map<Md5Key, String> MD5 = new java.util.concurrent.ConcurrentHashMap<>();

    /** Hex MD5 of a file, read once per process while its size and modification time stay the same. */
    public static String md5(Path file) {
        try {
            Path abs = file.toAbsolutePath().normalize();
            var a = Files.readAttributes(abs, java.nio.file.attribute.BasicFileAttributes.class);
            Md5Key key = new Md5Key(abs, a.size(), a.lastModifiedTime().toInstant());
            String v = MD5.get(key);
            if (v == null) {
                v = readMd5(abs);
                MD5.put(key, v);
            }
            return v;
        } catch (IOException e) {
            throw new RomNotFoundException("cannot read ROM " + file + ": " + e.getMessage());
        }
    }

    private static String readMd5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
