/**
 * Video: maps and numbers in, pixels and MP4 out. Composing annotated saliency frames
 * ({@link org.atarisaliency.video.FrameComposer}, {@link org.atarisaliency.video.SideBySideComposer}),
 * the per-clip overlay scale ({@link org.atarisaliency.video.OverlayScale}), the H.264 MP4 writer
 * ({@link org.atarisaliency.video.Mp4Writer}), the memory chart ({@link org.atarisaliency.video.MemoryChart}), the counterfactual chart
 * ({@link org.atarisaliency.video.CounterfactualChart})
 * and the per-step CSV ({@link org.atarisaliency.video.StepsCsv}). Nothing here plays an agent:
 * that is {@code org.atarisaliency.pipelines}.
 */
package org.atarisaliency.video;
