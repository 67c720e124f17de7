package org.knowm.xchart.internal.chartpart;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Test access to the tick labels XChart chose for a chart's x axis (XChart keeps its axes package-private). */
public final class XChartTicks {
    private XChartTicks() {
    }

    /** Paints {@code chart} (ticks are chosen while painting) and returns its x-axis tick labels. */
    public static List<String> xLabels(Chart<?, ?> chart) {
        BufferedImage img = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        chart.paint(g, chart.getWidth(), chart.getHeight());
        g.dispose();
        return chart.getXAxis().getAxisTickCalculator().getTickLabels();
    }
}
