package org.atarisaliency.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.atarisaliency.env.OutputFiles;

/**
 * Composes and encodes a clip on its own thread while the caller produces frames. It waits until
 * {@code lookahead} frames were observed by the running overlay scales (or the clip ended) before
 * drawing the first, so the scales have seen the start of the clip; the bounded queue keeps
 * memory flat. PNG stills, when asked for, are written under temporary names and renamed.
 */
public final class ClipEncoder extends Thread {
    private static final FrameInfo END = new FrameInfo(null, null, null, 0, null, 0, 0, -1, 0, 0, 0, List.of(), new double[0], 0, 0,
            new double[0], new double[0], new double[0], "");

    private final BlockingQueue<FrameInfo> queue;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final int lookahead;
    private final FrameComposer composer;
    private final Mp4Writer video;
    private final Path png;
    private final OverlayScale actorScale;
    private final OverlayScale criticScale;
    private int queued;
    private volatile Throwable failure;
    private volatile double composeSeconds;
    private volatile double encodeSeconds;

    /**
     * @param png  folder for a PNG still of every frame, or null
     */
    public ClipEncoder(FrameComposer composer, Mp4Writer video, Path png, OverlayScale actorScale, OverlayScale criticScale, int lookahead) {
        super("video-encoder");
        setDaemon(true);
        this.queue = new ArrayBlockingQueue<>(lookahead + 8);
        this.lookahead = lookahead;
        this.composer = composer;
        this.video = video;
        this.png = png;
        this.actorScale = actorScale;
        this.criticScale = criticScale;
    }

    /** Queues a frame (its own maps must already have been observed by the scales); blocks while the queue is full. */
    public void put(FrameInfo f) throws Exception {
        check();
        while (!queue.offer(f, 100, TimeUnit.MILLISECONDS)) {
            check();
        }
        if (++queued >= lookahead) {
            ready.countDown();
        }
    }

    /** Draws what is queued and waits for the encoder; rethrows its failure. */
    public void finish() throws Exception {
        ready.countDown();
        put(END);
        join();
        check();
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
            ready.await();
            for (FrameInfo f; (f = queue.take()) != END; ) {
                long a = System.nanoTime();
                FrameInfo scaled;
                synchronized (actorScale) {
                    scaled = f.withScales(actorScale.value(), criticScale.value());
                }
                int[] px = composer.compose(scaled);
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
        Path tmp = OutputFiles.tempBeside(target);
        try {
            ImageIO.write(composer.image(), "png", tmp.toFile());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
            OutputFiles.released(tmp);
        }
    }
}
