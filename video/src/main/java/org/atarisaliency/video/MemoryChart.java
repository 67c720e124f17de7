package org.atarisaliency.video;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The memory-reliance chart, like the paper's figure: the actor's sensitivity to a memory
 * perturbation over time, with the image-saliency total on the same (max-normalised) axis for
 * comparison, and the game events as vertical lines behind the curves (XChart, written as PNG and SVG).
 */
public final class MemoryChart {
    private static final BasicStroke EVENT = new BasicStroke(1.2f);

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

    /** Renders and writes the chart as PNG and SVG, each atomically (temp file, then rename). */
    public static void write(Path png, Series r, String title, double memoryScale) throws IOException {
        ChartFiles.write(png, chart(r, title, memoryScale));
    }

    /** The chart, not yet drawn. */
    static XYChart chart(Series r, String title, double memoryScale) {
        XYChart chart = new XYChartBuilder().width(1400).height(520).title(title).xAxisTitle("agent step")
                .yAxisTitle("score / its maximum over the run").build();
        var st = chart.getStyler();
        ChartStyle.apply(st, 16);
        st.setXAxisTickMarkSpacingHint(90);
        st.setYAxisMin(0.0);
        st.setYAxisMax(1.0);
        double[] x = r.steps();
        // events first, so the curves are drawn over them
        ChartStyle.eventLines(chart, at(x, r.contact()), 0, 1, "paddle-ball contact", ChartStyle.CONTACT, EVENT);
        ChartStyle.eventLines(chart, at(x, r.reward()), 0, 1, "reward", ChartStyle.RETURN, EVENT);
        ChartStyle.eventLines(chart, at(x, r.lifeLost()), 0, 1, "life lost", ChartStyle.LIFE_LOST, EVENT);
        ChartStyle.roundXTicks(chart);
        XYSeries img = chart.addSeries("image saliency total (actor)", x, normalise(r.image()));
        img.setMarker(SeriesMarkers.NONE);
        img.setLineColor(ChartStyle.REFERENCE);
        img.setLineWidth(1.2f);
        XYSeries mem = chart.addSeries("memory reliance: actor change when " + r.part() + " is scaled by " + memoryScale, x,
                normalise(r.reliance()));
        mem.setMarker(SeriesMarkers.NONE);
        mem.setLineColor(ChartStyle.POLICY);
        mem.setLineWidth(1.8f);
        return chart;
    }

    private static List<Double> at(double[] steps, boolean[] which) {
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            if (which[i]) {
                xs.add(steps[i]);
            }
        }
        return xs;
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
