package org.atarisaliency.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A training run's learning curve (PNG and SVG) from its log (train.csv or imitate.csv, one row per
 * update): the losses (policy and value, or the imitation's cross-entropy) and the policy's entropy
 * against frames, from the first update on; above them, once an episode has finished, the mean and
 * median return of the last 100 episodes.
 */
public final class LearningCurve {
    private static final int WIDTH = 1000;

    private LearningCurve() {
    }

    /**
     * Renders and writes the chart; values not defined yet (NaN, such as the return before the first
     * episode ends) are left out.
     *
     * @param columns the log's column names: frames, episodes, mean_return_100 and where present
     *                median_return_100, policy_loss, value_loss, cross_entropy, entropy
     * @param rows    the log's rows, one value per column
     */
    public static void write(Path png, List<String> columns, List<double[]> rows, String title) throws IOException {
        ChartFiles.column(png, panels(columns, rows, title));
    }

    /** The panels, top to bottom, not yet drawn. */
    static List<XYChart> panels(List<String> columns, List<double[]> rows, String title) {
        Columns c = new Columns(columns, rows);
        double max = c.max("frames");
        double scale = max >= 1e6 ? 1e6 : max >= 1e4 ? 1e3 : 1;
        String frames = "frames (agent steps" + (scale == 1e6 ? ", millions)" : scale == 1e3 ? ", thousands)" : ")");
        List<XYChart> panels = new ArrayList<>();
        if (c.anyFinite("mean_return_100")) {
            XYChart top = panel(title, frames, "episode return", 420);
            double episodes = c.last("episodes");
            String n = Double.isNaN(episodes) ? "" : " (now n = " + (long) Math.min(100, episodes) + ")";
            line(top, c, "mean_return_100", scale, "mean of the last 100 returns" + n, ChartStyle.RETURN, false, 0);
            if (columns.contains("median_return_100")) {
                line(top, c, "median_return_100", scale, "median of the last 100 returns", ChartStyle.RETURN, true, 0);
            }
            panels.add(top);
        }
        XYChart losses = panel(panels.isEmpty() ? title + ": no episode has ended yet" : null, frames, "loss", 380);
        losses.setYAxisGroupTitle(1, "entropy (nats)");
        losses.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        line(losses, c, "policy_loss", scale, "policy loss", ChartStyle.POLICY, false, 0);
        line(losses, c, "value_loss", scale, "value loss", ChartStyle.VALUE, false, 0);
        line(losses, c, "cross_entropy", scale, "cross-entropy to the expert's labels", ChartStyle.ENTROPY, true, 0);
        line(losses, c, "entropy", scale, "policy entropy (right axis)", ChartStyle.ENTROPY, false, 1);
        if (losses.getSeriesMap().isEmpty()) {
            losses.addSeries("no update yet", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        panels.add(losses);
        return panels;
    }

    private static XYChart panel(String title, String xTitle, String yTitle, int height) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title == null ? "" : title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        ChartStyle.apply(chart.getStyler(), 16);
        // from frame 0, so the ticks fall on round numbers
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("0.##");
        chart.getStyler().setChartTitleVisible(title != null);
        ChartStyle.roundXTicks(chart);
        return chart;
    }

    /** Adds the finite points of one column, if the log has it and any. */
    private static void line(XYChart chart, Columns c, String column, double scale, String name, java.awt.Color colour, boolean dashed,
                             int axis) {
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        for (double[] row : c.rows()) {
            double v = c.value(row, column);
            if (Double.isFinite(v)) {
                x.add(c.value(row, "frames") / scale);
                y.add(v);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(x.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setMarkerColor(colour);
        s.setLineColor(colour);
        s.setYAxisGroup(axis);
        if (dashed) {
            s.setLineStyle(ChartStyle.DASHED);
        }
    }

    /** A log's rows with its column names. */
    private record Columns(List<String> names, List<double[]> rows) {
        double value(double[] row, String column) {
            int i = names.indexOf(column);
            return i < 0 || i >= row.length ? Double.NaN : row[i];
        }

        boolean anyFinite(String column) {
            return rows.stream().anyMatch(r -> Double.isFinite(value(r, column)));
        }

        double max(String column) {
            return rows.stream().mapToDouble(r -> value(r, column)).filter(Double::isFinite).max().orElse(0);
        }

        double last(String column) {
            return rows.isEmpty() ? Double.NaN : value(rows.get(rows.size() - 1), column);
        }
    }
}
