package org.atarisaliency.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.atarisaliency.video.CounterfactualChart.Estimate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of the shortcut test (PNG and SVG), in {@link CounterfactualChart}'s style: every point
 * with its 95% interval and its n. One agent: left, its score on the game as published and under the
 * variant; right, per saliency map (and for the counterfactual moves), the variant's object's share
 * of the objects' saliency density, with the share that favours no object as a grey line. Several
 * agents: left, each agent's drop; right, per map, the rank correlation across agents between that
 * share and the drop: does the map predict which agents collapse?
 */
public final class ShortcutChart {
    private ShortcutChart() {
    }

    /**
     * One agent's numbers.
     *
     * @param games        "original" and the variant
     * @param scores       the mean score of each
     * @param object       the object whose reliance is drawn
     * @param reliance     per map, its share of the objects' density
     * @param noPreference the share of a map that favours no object (1 / objects)
     */
    public record Numbers(List<String> games, List<Estimate> scores, String object, Map<String, Estimate> reliance, double noPreference) {
    }

    /**
     * Several agents' numbers.
     *
     * @param agents   the agents' labels
     * @param drops    each agent's drop (original - variant)
     * @param spearman per map, Spearman's rho across agents between the object's share and the drop
     * @param relative the same against the relative drop (the share of the agent's margin lost)
     */
    public record Comparison(List<String> agents, List<Estimate> drops, String object, Map<String, Estimate> spearman,
                             Map<String, Estimate> relative) {
    }

    /** Writes one agent's chart. */
    public static void write(Path png, Numbers n, String title) throws IOException {
        XYChart left = CounterfactualChart.chart(title, "game", "mean score per episode (95% interval)", low(n.scores()),
                high(n.scores()), n.games());
        CounterfactualChart.points(left, "mean score", n.scores().toArray(Estimate[]::new), 0, ChartStyle.HEADLINE, SeriesMarkers.CIRCLE);
        List<String> maps = new ArrayList<>(n.reliance().keySet());
        XYChart right = CounterfactualChart.chart("Reliance on the " + n.object() + ": its share of the objects' saliency density",
                "share (" + n.object() + ")", 0, 1, maps);
        level(right, maps.size(), n.noPreference(), "no preference (1/" + Math.round(1 / n.noPreference()) + ")");
        CounterfactualChart.points(right, "share of density", n.reliance().values().toArray(Estimate[]::new), 0, ChartStyle.POLICY,
                SeriesMarkers.DIAMOND);
        ChartFiles.row(png, List.of(left, right));
    }

    /** Writes the comparison of several agents. */
    public static void writeComparison(Path png, Comparison c, String title) throws IOException {
        XYChart left = CounterfactualChart.chart(title, "agent", "drop in mean score under the variant", low(c.drops()),
                high(c.drops()), c.agents());
        level(left, c.agents().size(), 0, "no drop");
        CounterfactualChart.points(left, "drop", c.drops().toArray(Estimate[]::new), 0, ChartStyle.HEADLINE, SeriesMarkers.CIRCLE);
        List<String> maps = new ArrayList<>(c.spearman().keySet());
        XYChart right = CounterfactualChart.chart("Does the " + c.object() + "'s share predict the drop? (across agents)",
                "Spearman rho: share vs drop", -1, 1, maps);
        level(right, maps.size(), 0, "no relation");
        CounterfactualChart.points(right, "rho with the drop", c.spearman().values().toArray(Estimate[]::new), -0.15, ChartStyle.HEADLINE,
                SeriesMarkers.CIRCLE);
        CounterfactualChart.points(right, "rho with the share of the margin lost", c.relative().values().toArray(Estimate[]::new), 0.15,
                ChartStyle.POLICY, SeriesMarkers.DIAMOND);
        ChartFiles.row(png, List.of(left, right));
    }

    /** A grey horizontal line at {@code y} across the chart. */
    private static void level(XYChart c, int categories, double y, String name) {
        XYSeries s = c.addSeries(name, new double[] {-0.5, categories - 0.5}, new double[] {y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(ChartStyle.REFERENCE);
        s.setLineWidth(1.5f);
    }

    private static double low(List<Estimate> e) {
        double lo = 0;
        for (Estimate x : e) {
            lo = Math.min(lo, Double.isFinite(x.low()) ? x.low() : Double.isFinite(x.value()) ? x.value() : 0);
        }
        return Math.floor(lo - 1);
    }

    private static double high(List<Estimate> e) {
        double hi = 0;
        for (Estimate x : e) {
            hi = Math.max(hi, Double.isFinite(x.high()) ? x.high() : Double.isFinite(x.value()) ? x.value() : 0);
        }
        return Math.ceil(hi + 1);
    }
}
