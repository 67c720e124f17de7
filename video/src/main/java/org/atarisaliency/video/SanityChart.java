package org.atarisaliency.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The randomisation chart of {@code sanity}: for each map, its Spearman rank correlation with the
 * trained agent's map at each stage of the cascade (layers randomised from the top down), the
 * pass threshold as a dashed line, and, in grey, how much each stage's actor map correlates with
 * the input-change map (what the frame alone explains). A map that explains the network falls
 * below the line by the last stage.
 */
public final class SanityChart {
    private SanityChart() {
    }

    /**
     * The numbers drawn.
     *
     * @param stages       stage names, "original" first
     * @param spearman     per map (legend label, e.g. "perturbation actor: FAIL 0.97"), one value per stage
     * @param inputChange  per stage: the perturbation actor map's Spearman with the input-change map
     * @param threshold    the pass threshold at the last stage
     */
    public record Numbers(List<String> stages, Map<String, double[]> spearman, double[] inputChange, double threshold) {
    }

    /**
     * Writes the chart as {@code png} and as the SVG beside it, in {@link ChartStyle}'s palette: actor maps in the
     * policy's colour, critic maps in the value's, the input-relative view of each dashed with another marker, the
     * input-change comparison in the reference grey, the threshold black and dashed.
     */
    public static void write(Path png, Numbers n, String title) throws IOException {
        ChartFiles.write(png, chart(n, title));
    }

    static CategoryChart chart(Numbers n, String title) {
        CategoryChart c = new CategoryChartBuilder().width(1000).height(680).title(title).xAxisTitle("layers randomised (cumulative, from the top)")
                .yAxisTitle("Spearman rank correlation").build();
        var st = c.getStyler();
        ChartStyle.apply(st, 15);
        st.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        st.setOverlapped(true);
        st.setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        st.setYAxisMin(-0.2);
        st.setYAxisMax(1.0);
        st.setYAxisDecimalPattern("0.0");
        for (Map.Entry<String, double[]> e : n.spearman().entrySet()) {
            CategorySeries s = c.addSeries(e.getKey() + " vs trained", n.stages(), values(e.getValue()));
            Color colour = e.getKey().contains("critic") ? ChartStyle.VALUE : ChartStyle.POLICY;
            boolean relative = e.getKey().contains("relative");
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setMarker(relative ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
            s.setLineWidth(2.2f);
            if (relative) {
                s.setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f}, 0f));
            }
        }
        CategorySeries in = c.addSeries("perturbation actor vs input-change map", n.stages(), values(n.inputChange()));
        in.setLineColor(ChartStyle.REFERENCE);
        in.setMarkerColor(ChartStyle.REFERENCE);
        in.setMarker(SeriesMarkers.DIAMOND);
        double[] line = new double[n.stages().size()];
        java.util.Arrays.fill(line, n.threshold());
        CategorySeries t = c.addSeries("pass below " + n.threshold() + " at the last stage", n.stages(), values(line));
        t.setLineColor(ChartStyle.HEADLINE);
        t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        t.setMarker(SeriesMarkers.NONE);
        return c;
    }

    /** Values with NaN as 0 (XChart cannot draw NaN; the JSON keeps it). */
    private static List<Double> values(double[] v) {
        return java.util.Arrays.stream(v).map(x -> Double.isFinite(x) ? x : 0.0).boxed().toList();
    }
}
