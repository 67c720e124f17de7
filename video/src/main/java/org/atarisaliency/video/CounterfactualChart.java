package org.atarisaliency.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The counterfactual chart of {@code intervene} (PNG and SVG): left, per saliency method, the rank
 * correlation between the saliency a map put on an object and the policy change when the object
 * was changed (all objects, by the map's mass and by its density on the object, in black; each
 * object alone, in grey); right, Atrey's check: the share of interventions on which the map marked
 * the object (its mean saliency in the map's top tenth), for interventions that did not matter
 * (black) and that did (blue). Every point carries its 95% interval and the legend its n.
 */
public final class CounterfactualChart {
    private static final Marker[] OBJECT_MARKERS = {SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
        SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL, SeriesMarkers.TRAPEZOID, SeriesMarkers.RECTANGLE};
    private static final Color GRID = new Color(200, 200, 200);

    private CounterfactualChart() {
    }

    /**
     * One number drawn: its value, 95% interval and the interventions behind it (NaN = not defined, drawn as nothing).
     *
     * @param value the estimate
     * @param low   the interval's lower end
     * @param high  the interval's upper end
     * @param n     interventions it is computed from
     */
    public record Estimate(double value, double low, double high, int n) {
    }

    /**
     * The numbers drawn, one estimate per method in each list.
     *
     * @param methods           the saliency methods, in order
     * @param spearman          group name (all objects by mass and by density, then each object) to its estimates
     * @param markedNoEffect    share marked among interventions that do not matter
     * @param markedEffect      share marked among interventions that matter
     */
    public record Numbers(List<String> methods, Map<String, Estimate[]> spearman, Estimate[] markedNoEffect, Estimate[] markedEffect) {
    }

    /** Renders both panels side by side and writes them as PNG and SVG, each atomically. */
    public static void write(Path png, Numbers n, String title) throws IOException {
        ChartFiles.row(png, panels(n, title));
    }

    /** The two panels, left to right, not yet drawn. */
    static List<XYChart> panels(Numbers n, String title) {
        int groups = n.spearman().size();
        XYChart left = chart(title, "Spearman rho: saliency on the object vs policy change", -1.0, 1.0, n.methods());
        int k = 0, objects = 0;
        for (Map.Entry<String, Estimate[]> e : n.spearman().entrySet()) {
            boolean all = e.getKey().startsWith("all objects");
            Marker m = all ? (k == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND) : OBJECT_MARKERS[objects++ % OBJECT_MARKERS.length];
            points(left, e.getKey(), e.getValue(), offset(k++, groups), all ? ChartStyle.HEADLINE : ChartStyle.REFERENCE, m);
        }
        XYChart right = chart("Atrey's check: does the map mark objects whose change does not matter?",
                "share where the object is in the map's top tenth", 0.0, 1.0, n.methods());
        points(right, "change did not matter (a truthful map: low)", n.markedNoEffect(), offset(0, 2), ChartStyle.HEADLINE, SeriesMarkers.CIRCLE);
        points(right, "change mattered (a truthful map: high)", n.markedEffect(), offset(1, 2), ChartStyle.POLICY, SeriesMarkers.DIAMOND);
        return List.of(left, right);
    }

    /** Where group {@code k} of {@code groups} sits beside its method's position (within +-0.35). */
    private static double offset(int k, int groups) {
        return groups < 2 ? 0 : -0.35 + 0.7 * k / (groups - 1);
    }

    static XYChart chart(String title, String yTitle, double min, double max, List<String> methods) {
        return chart(title, "saliency method", yTitle, min, max, methods);
    }

    /** As {@link #chart(String, String, double, double, List)}, the categories under {@code xTitle}. */
    static XYChart chart(String title, String xTitle, String yTitle, double min, double max, List<String> methods) {
        XYChart c = new XYChartBuilder().width(Math.max(900, 170 * methods.size())).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var st = c.getStyler();
        ChartStyle.apply(st, 14);
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setPlotGridVerticalLinesVisible(false);
        st.setXAxisMin(-0.5);
        st.setXAxisMax(methods.size() - 0.5);
        // room below the scale for the methods' names
        st.setYAxisMin(min - 0.1 * (max - min));
        st.setYAxisMax(max);
        st.setMarkerSize(9);
        // the methods' names inside the plot, at its foot, and thin lines between the methods
        st.setXAxisTicksVisible(false);
        st.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setAnnotationTextFontColor(Color.BLACK);
        List<Double> between = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            c.addAnnotation(new AnnotationText(methods.get(i), i, min - 0.06 * (max - min), false));
            if (i > 0) {
                between.add(i - 0.5);
            }
        }
        XYSeries lines = ChartStyle.eventLines(c, between, min, max, "between methods", GRID, new BasicStroke(1f));
        if (lines != null) {
            lines.setShowInLegend(false);
        }
        return c;
    }

    /** The estimates as points at method + dx with their intervals as vertical lines; n in the legend. */
    static void points(XYChart c, String name, Estimate[] e, double dx, Color colour, Marker marker) {
        List<Double> x = new ArrayList<>(), y = new ArrayList<>(), ix = new ArrayList<>(), iy = new ArrayList<>();
        for (int i = 0; i < e.length; i++) {
            if (!Double.isFinite(e[i].value())) {
                continue;
            }
            x.add(i + dx);
            y.add(e[i].value());
            if (Double.isFinite(e[i].low()) && Double.isFinite(e[i].high())) {
                ix.addAll(List.of(i + dx, i + dx, Double.NaN));
                iy.addAll(List.of(e[i].low(), e[i].high(), Double.NaN));
            }
        }
        if (!ix.isEmpty()) {
            XYSeries whisker = c.addSeries(name + ": 95% interval", ix, iy);
            whisker.setShowInLegend(false);
            whisker.setMarker(SeriesMarkers.NONE);
            whisker.setLineColor(colour);
            whisker.setLineWidth(1.5f);
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name + " (" + count(e) + ")", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(colour);
    }

    /** "n = 40", or "n = 12-40" when the methods' counts differ. */
    static String count(Estimate[] e) {
        int lo = Arrays.stream(e).mapToInt(Estimate::n).min().orElse(0), hi = Arrays.stream(e).mapToInt(Estimate::n).max().orElse(0);
        return lo == hi ? "n = " + lo : "n = " + lo + "-" + hi;
    }
}
