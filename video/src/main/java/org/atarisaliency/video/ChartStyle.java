package org.atarisaliency.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The look every chart of the toolkit shares: white background, light grid, legend below,
 * sans-serif fonts, axis ticks at round numbers (1, 2 or 5 times a power of ten), events as
 * vertical lines, and one colour-blind-safe palette (Okabe and Ito, 2008) in which a colour means
 * the same thing in every chart:
 *
 * <table>
 * <caption>palette</caption>
 * <tr><th>colour</th><th>means</th></tr>
 * <tr><td>blue #0072B2</td><td>the policy (actor): its change, memory reliance, the policy loss</td></tr>
 * <tr><td>vermillion #D55E00</td><td>the value (critic): the value loss</td></tr>
 * <tr><td>bluish green #009E73</td><td>return and reward: episode returns, reward events</td></tr>
 * <tr><td>reddish purple #CC79A7</td><td>the policy's entropy (and the imitation's cross-entropy)</td></tr>
 * <tr><td>orange #E69F00</td><td>paddle-ball contact events</td></tr>
 * <tr><td>sky blue #56B4E9</td><td>life-lost events</td></tr>
 * <tr><td>black</td><td>a measure over all objects or all interventions (the headline number)</td></tr>
 * <tr><td>grey #999999</td><td>a reference to compare with: the image-saliency total, single objects</td></tr>
 * </table>
 *
 * <p>A variant of one quantity keeps its colour and changes the line or marker (the median return
 * is a dashed green line; the map's density a diamond beside the mass's circle).
 */
final class ChartStyle {
    static final Color POLICY = new Color(0x0072B2);
    static final Color VALUE = new Color(0xD55E00);
    static final Color RETURN = new Color(0x009E73);
    static final Color ENTROPY = new Color(0xCC79A7);
    static final Color CONTACT = new Color(0xE69F00);
    static final Color LIFE_LOST = new Color(0x56B4E9);
    static final Color HEADLINE = Color.BLACK;
    static final Color REFERENCE = new Color(0x999999);

    /** Dashes for a variant of a quantity drawn in the same colour. */
    static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private ChartStyle() {
    }

    /** Applies the shared look; the axis titles and legend are one and two points smaller than the title. */
    static void apply(AxesChartStyler st, int titleSize) {
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, titleSize - 2));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, titleSize - 3));
    }

    /**
     * Makes XChart put the x ticks of {@code chart} at round numbers. XChart labels x values that are
     * equally spaced (one point per agent step) at the data points themselves (every 7th step, say);
     * a hidden, empty series with a gap (NaN) makes it use its 1-2-5 steps, as it does for any other data.
     */
    static void roundXTicks(XYChart chart) {
        XYSeries s = chart.addSeries(" ", new double[] {Double.NaN}, new double[] {Double.NaN});
        s.setShowInLegend(false);
        s.setMarker(SeriesMarkers.NONE);
    }

    /**
     * Adds vertical lines at {@code xs} from {@code y0} to {@code y1} as one series (gaps between the
     * lines), named with their count; returns it, or null when there are none.
     */
    static XYSeries eventLines(XYChart chart, List<Double> xs, double y0, double y1, String name, Color c, BasicStroke stroke) {
        if (xs.isEmpty()) {
            return null;
        }
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        for (double v : xs) {
            x.add(v);
            x.add(v);
            x.add(Double.NaN);
            y.add(y0);
            y.add(y1);
            y.add(Double.NaN);
        }
        XYSeries s = chart.addSeries(name + " (" + xs.size() + ")", x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineStyle(stroke);
        return s;
    }
}
