package org.atarisaliency.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.VideoEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.muxer.MP4Muxer;

/**
 * Writes RGB frames as an H.264 MP4 (JCodec's baseline encoder), yuv420p with BT.601 limited-range
 * colours, playable in browsers. The file is written under a temporary name and renamed into
 * place by {@link #close()}; {@link #abort()} deletes it, so an interrupted run never leaves a
 * file that looks complete.
 */
public final class Mp4Writer implements AutoCloseable {
    /** The highest frame rate. */
    public static final int MAX_FPS = 120;
    private final Path target;
    private final Path temp;
    private final int width;
    private final int height;
    private final int fps;
    private final SeekableByteChannel channel;
    private final MP4Muxer muxer;
    private final MuxerTrack track;
    private final H264Encoder encoder;
    private final Picture picture;
    private ByteBuffer buffer;
    private int frames;
    private boolean done;

    /**
     * @param target  the MP4 file to produce
     * @param width   frame width (even)
     * @param height  frame height (even)
     * @param fps     frames per second
     */
    public Mp4Writer(Path target, int width, int height, int fps) throws IOException {
        this(target, width, height, fps, ADAPTIVE);
    }

    /** JCodec's own rate control: QP 20 for key frames and 26 for the others, raised where a frame runs over its size budget. */
    public static final int ADAPTIVE = -1;
    /** The best quality (H.264's lowest quantiser). */
    public static final int MAX_QUALITY_QP = 0;

    /**
     * @param target   the MP4 file to produce
     * @param width    frame width (even)
     * @param height   frame height (even)
     * @param fps      frames per second
     * @param qp       {@link #ADAPTIVE}, or a constant H.264 quantiser 0..51 for every frame (lower: better and larger)
     */
    public Mp4Writer(Path target, int width, int height, int fps, int qp) throws IOException {
        checkQuality(qp);
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("video dimensions must be positive and even, got " + width + "x" + height);
        }
        if (fps < 1 || fps > MAX_FPS) {
            throw new org.atarisaliency.env.InvalidSettingException("fps", "must be in 1.." + MAX_FPS + ", got " + fps);
        }
        this.target = target.toAbsolutePath();
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.temp = org.atarisaliency.env.OutputFiles.tempBeside(this.target);
        this.channel = NIOUtils.writableChannel(temp.toFile());
        this.muxer = MP4Muxer.createMP4MuxerToChannel(channel);
        this.track = muxer.addVideoTrack(Codec.H264, VideoCodecMeta.createSimpleVideoCodecMeta(new Size(width, height), ColorSpace.YUV420J));
        this.encoder = qp == ADAPTIVE ? H264Encoder.createH264Encoder() : new H264Encoder(new ConstantQp(qp));
        encoder.setKeyInterval(fps * 2);
        // no motion search: Atari backgrounds are static and it is the encoder's most expensive part
        encoder.setMotionSearchRange(0);
        this.picture = Picture.create(width, height, ColorSpace.YUV420J);
    }

    /** Checks a quality setting: {@link #ADAPTIVE} or a quantiser 0..51. */
    public static int checkQuality(int qp) {
        if (qp != ADAPTIVE && (qp < 0 || qp > 51)) {
            throw new org.atarisaliency.env.InvalidSettingException("quality", "must be a quantiser in 0..51 (lower is better) or auto, got " + qp);
        }
        return qp;
    }

    /** Every macroblock of every frame at one quantiser. */
    private record ConstantQp(int qp) implements RateControl {
        @Override
        public int startPicture(Size size, int maxSize, SliceType sliceType) {
            return qp;
        }

        @Override
        public int initialQpDelta() {
            return 0;
        }

        @Override
        public int accept(int bits) {
            return 0;
        }
    }

    /** Appends a frame given as packed RGB ints (0xRRGGBB), row-major, width x height. */
    public void write(int[] rgb) throws IOException {
        if (rgb.length < width * height) {
            throw new IllegalArgumentException("frame has " + rgb.length + " pixels, expected " + width * height);
        }
        toYuv420(rgb, picture, width, height);
        if (buffer == null) {
            buffer = ByteBuffer.allocate(encoder.estimateBufferSize(picture));
        }
        buffer.clear();
        VideoEncoder.EncodedFrame ef = encoder.encodeFrame(picture, buffer);
        ByteBuffer data = ef.getData();
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data);
        copy.flip();
        track.addFrame(Packet.createPacket(copy, frames, fps, 1, frames, ef.isKeyFrame() ? Packet.FrameType.KEY : Packet.FrameType.INTER, null));
        frames++;
    }

    /** Frames written so far. */
    public int frames() {
        return frames;
    }

    /** BT.601 limited-range RGB to planar YUV 4:2:0, stored as JCodec's signed bytes (value - 128). */
    static void toYuv420(int[] rgb, Picture pic, int w, int h) {
        byte[] y = pic.getPlaneData(0), u = pic.getPlaneData(1), v = pic.getPlaneData(2);
        for (int i = 0; i < w * h; i++) {
            int p = rgb[i];
            int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            y[i] = (byte) ((((66 * r + 129 * g + 25 * b + 128) >> 8) + 16) - 128);
        }
        int cw = w / 2;
        for (int cy = 0; cy < h / 2; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                int i0 = 2 * cy * w + 2 * cx;
                int r = 0, g = 0, b = 0;
                for (int k = 0; k < 4; k++) {
                    int p = rgb[i0 + (k >> 1) * w + (k & 1)];
                    r += (p >> 16) & 0xff;
                    g += (p >> 8) & 0xff;
                    b += p & 0xff;
                }
                r = (r + 2) >> 2;
                g = (g + 2) >> 2;
                b = (b + 2) >> 2;
                u[cy * cw + cx] = (byte) ((((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128) - 128);
                v[cy * cw + cx] = (byte) ((((112 * r - 94 * g - 18 * b + 128) >> 8) + 128) - 128);
            }
        }
    }

    /** Finishes the file and moves it into place. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            muxer.finish();
        } finally {
            channel.close();
        }
        org.atarisaliency.env.OutputFiles.moveIntoPlace(temp, target);
    }

    /** Drops the partial file. */
    public void abort() {
        if (!done) {
            done = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do for a file we delete
            }
            try {
                Files.deleteIfExists(temp);
                org.atarisaliency.env.OutputFiles.released(temp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
