package org.atarisaliency.video;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The memory-reliance chart, like the paper's figure: the actor's sensitivity to a memory
 * perturbation over time, with the image-saliency total on the same (max-normalised) axis for
 * comparison, and the game events as markers above the curves (XChart, written as PNG).
 */
public final class MemoryChart {
    private MemoryChart() {
    }

    /**
     * The series drawn, one value per step.
     *
     * @param steps      agent step of each point
     * @param reliance   the actor's change when the memory part is scaled
     * @param image      the image-saliency total (actor)
     * @param part       the memory part perturbed (e.g. "h")
     * @param contact    steps with a paddle-ball contact
     * @param reward     steps with a reward
     * @param lifeLost   steps that cost a life
     */
    public record Series(double[] steps, double[] reliance, double[] image, String part, boolean[] contact, boolean[] reward,
                         boolean[] lifeLost) {
    }

    /** Renders and writes the chart atomically (temp file, then rename). */
    public static void write(Path png, Series r, String title, double memoryScale) throws IOException {
        XYChart chart = new XYChartBuilder().width(1400).height(520).title(title).xAxisTitle("agent step")
                .yAxisTitle("score / its maximum over the run").build();
        var st = chart.getStyler();
        ChartStyle.apply(st, 16);
        st.setXAxisTickMarkSpacingHint(90);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.25);
        double[] x = r.steps();
        double[] reliance = normalise(r.reliance());
        double[] image = normalise(r.image());
        XYSeries img = chart.addSeries("image saliency total (actor)", x, image);
        img.setMarker(SeriesMarkers.NONE);
        img.setLineColor(new Color(150, 150, 160));
        img.setLineWidth(1.2f);
        String part = r.part();
        XYSeries mem = chart.addSeries("memory reliance: actor change when " + part + " is scaled by " + memoryScale, x, reliance);
        mem.setMarker(SeriesMarkers.NONE);
        mem.setLineColor(new Color(30, 90, 200));
        mem.setLineWidth(1.8f);
        markers(chart, x, r.contact(), 1.06, "paddle-ball contact", new Color(230, 120, 0), SeriesMarkers.TRIANGLE_UP);
        markers(chart, x, r.reward(), 1.13, "reward", new Color(20, 150, 60), SeriesMarkers.CIRCLE);
        markers(chart, x, r.lifeLost(), 1.20, "life lost", new Color(200, 30, 30), SeriesMarkers.CROSS);
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Path abs = png.toAbsolutePath();
        Path tmp = org.atarisaliency.env.OutputFiles.tempBeside(abs);
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
            org.atarisaliency.env.OutputFiles.released(tmp);
        }
    }

    private static void markers(XYChart chart, double[] steps, boolean[] which, double y, String name, Color c,
                                org.knowm.xchart.style.markers.Marker marker) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            if (which[i]) {
                xs.add(steps[i]);
                ys.add(y);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name + " (" + xs.size() + ")", xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(c);
    }

    private static double[] normalise(double[] v) {
        double max = 0;
        for (double d : v) {
            max = Math.max(max, d);
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = max > 0 ? v[i] / max : 0;
        }
        return out;
    }
}
