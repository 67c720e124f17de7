package org.atarisaliency.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
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
    private static final Color[] PALETTE = {new Color(30, 90, 200), new Color(230, 120, 0), new Color(20, 150, 60), new Color(130, 60, 170)};

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

    /** The chart as PNG bytes. */
    public static byte[] png(Numbers n, String title) throws IOException {
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
        int k = 0;
        for (Map.Entry<String, double[]> e : n.spearman().entrySet()) {
            CategorySeries s = c.addSeries(e.getKey() + " vs trained", n.stages(), values(e.getValue()));
            s.setLineColor(PALETTE[k % PALETTE.length]);
            s.setMarkerColor(PALETTE[k++ % PALETTE.length]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineWidth(2.2f);
        }
        CategorySeries in = c.addSeries("perturbation actor vs input-change map", n.stages(), values(n.inputChange()));
        in.setLineColor(new Color(140, 140, 140));
        in.setMarkerColor(new Color(140, 140, 140));
        in.setMarker(SeriesMarkers.DIAMOND);
        double[] line = new double[n.stages().size()];
        java.util.Arrays.fill(line, n.threshold());
        CategorySeries t = c.addSeries("pass below " + n.threshold() + " at the last stage", n.stages(), values(line));
        t.setLineColor(Color.BLACK);
        t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        t.setMarker(SeriesMarkers.NONE);
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }

    /** Values with NaN as 0 (XChart cannot draw NaN; the JSON keeps it). */
    private static List<Double> values(double[] v) {
        return java.util.Arrays.stream(v).map(x -> Double.isFinite(x) ? x : 0.0).boxed().toList();
    }
}
