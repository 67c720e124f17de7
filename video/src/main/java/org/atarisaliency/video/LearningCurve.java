package org.atarisaliency.video;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.atarisaliency.env.OutputFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A training run's learning curve: mean and median return of the last 100 episodes against frames (PNG). */
public final class LearningCurve {
    private LearningCurve() {
    }

    /** Renders and writes the chart atomically; points with no finished episode yet (NaN) are left out. */
    public static void write(Path png, double[] frames, double[] mean, double[] median, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(520).title(title).xAxisTitle("frames (agent steps, millions)")
                .yAxisTitle("episode return, last 100 episodes").build();
        var st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        int n = 0;
        for (double m : mean) {
            n += Double.isNaN(m) ? 0 : 1;
        }
        double[] x = new double[Math.max(1, n)], ym = new double[x.length], yd = new double[x.length];
        for (int i = 0, k = 0; i < mean.length; i++) {
            if (!Double.isNaN(mean[i])) {
                x[k] = frames[i] / 1e6;
                ym[k] = mean[i];
                yd[k++] = median[i];
            }
        }
        // from frame 0, so the ticks fall on round numbers
        st.setXAxisMin(0.0);
        st.setXAxisDecimalPattern("0.0#");
        XYSeries m = chart.addSeries("mean", x, ym);
        m.setMarker(SeriesMarkers.NONE);
        m.setLineColor(new Color(30, 90, 200));
        XYSeries d = chart.addSeries("median", x, yd);
        d.setMarker(SeriesMarkers.NONE);
        d.setLineColor(new Color(230, 120, 0));
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Path tmp = OutputFiles.tempBeside(png);
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, png.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
            OutputFiles.released(tmp);
        }
    }
}
