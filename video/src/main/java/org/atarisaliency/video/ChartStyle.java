package org.atarisaliency.video;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The look every chart of the toolkit shares: white background, light grid, legend below, sans-serif fonts. */
final class ChartStyle {
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
}
