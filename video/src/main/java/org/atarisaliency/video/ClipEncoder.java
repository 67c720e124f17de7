package org.atarisaliency.video;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Composes and encodes a clip on its own thread while the caller produces frames. Frame j is drawn
 * with the running overlay scales as they stand once the frames up to j + {@code lookahead} have
 * been observed (or the clip ended), so the start of the clip is scaled like the rest and every
 * frame's brightness is decided by the data alone, never by how far the encoder thread happens to
 * lag: the same clip encodes to the same bytes. The held-back frames and the bounded queue keep
 * memory flat. PNG stills, when asked for, are written under temporary names and renamed.
 */
public final class ClipEncoder extends Thread {
    private static final FrameInfo END = new FrameInfo(null, null, null, 0, null, 1, 1, -1, 0, 0, 0, List.of(), new double[0], 0, 0,
            new double[0], new double[0], new double[0], "");

    private final BlockingQueue<FrameInfo> queue;
    private final java.util.ArrayDeque<FrameInfo> held = new java.util.ArrayDeque<>();
    private final int lookahead;
    private final FrameComposer composer;
    private final Mp4Writer video;
    private final Path png;
    private final StillFiles stills;

    /** Where a still is written: the caller stages it (a temporary name) and renames it into place when the clip is complete. */
    public interface StillFiles {
        /** The file to write the still that ends up at {@code still}. */
        Path fileFor(Path still) throws java.io.IOException;
    }
    private final OverlayScale actorScale;
    private final OverlayScale criticScale;
    private volatile Throwable failure;
    private volatile double composeSeconds;
    private volatile double encodeSeconds;

    /**
     * @param png  folder for a PNG still of every frame, or null
     * @param stills where each still is written (used only with a {@code png} folder)
     */
    public ClipEncoder(FrameComposer composer, Mp4Writer video, Path png, StillFiles stills, OverlayScale actorScale, OverlayScale criticScale,
                       int lookahead) {
        super("video-encoder");
        setDaemon(true);
        this.queue = new ArrayBlockingQueue<>(8);
        this.lookahead = lookahead;
        this.composer = composer;
        this.video = video;
        this.png = png;
        this.stills = stills;
        this.actorScale = actorScale;
        this.criticScale = criticScale;
    }

    /**
     * Adds the next frame, whose maps the scales must already have observed; the frame
     * {@code lookahead} steps back is then queued for drawing with the scales as they stand.
     * Blocks while the queue is full.
     */
    public void put(FrameInfo f) throws Exception {
        held.addLast(f);
        if (held.size() > lookahead) {
            release();
        }
    }

    /** Draws the held-back frames with the final scales, then waits for the encoder; rethrows its failure. */
    public void finish() throws Exception {
        while (!held.isEmpty()) {
            release();
        }
        enqueue(END);
        join();
        check();
    }

    private void release() throws Exception {
        FrameInfo f = held.removeFirst();
        enqueue(f.withScales(actorScale.current(), criticScale.current()));
    }

    private void enqueue(FrameInfo f) throws Exception {
        check();
        while (!queue.offer(f, 100, TimeUnit.MILLISECONDS)) {
            check();
        }
    }

    /** Seconds spent composing frames. */
    public double composeSeconds() {
        return composeSeconds;
    }

    /** Seconds spent encoding frames. */
    public double encodeSeconds() {
        return encodeSeconds;
    }

    private void check() throws Exception {
        if (failure instanceof Exception e) {
            throw e;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void run() {
        try {
            for (FrameInfo f; (f = queue.take()) != END; ) {
                long a = System.nanoTime();
                int[] px = composer.compose(f);
                if (png != null) {
                    writePng(png.resolve(String.format("frame_%06d.png", f.step())));
                }
                long b = System.nanoTime();
                video.write(px);
                long c = System.nanoTime();
                composeSeconds += (b - a) / 1e9;
                encodeSeconds += (c - b) / 1e9;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void writePng(Path target) throws java.io.IOException {
        ImageIO.write(composer.image(), "png", stills.fileFor(target).toFile());
    }
}
