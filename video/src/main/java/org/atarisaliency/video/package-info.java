/**
 * Video: composing annotated saliency frames ({@link org.atarisaliency.video.FrameComposer}),
 * the per-clip overlay scale ({@link org.atarisaliency.video.OverlayScale}), the H.264 MP4 writer
 * ({@link org.atarisaliency.video.Mp4Writer}) and the recording pipeline
 * ({@link org.atarisaliency.video.Recorder}).
 */
package org.atarisaliency.video;
