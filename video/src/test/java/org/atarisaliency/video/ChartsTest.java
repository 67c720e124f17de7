package org.atarisaliency.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.XChartTicks;
import org.w3c.dom.Element;

/** The charts: SVG beside every PNG, round ticks, intervals and n, the learning curve before the first episode. */
class ChartsTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("atari.chromium", "/usr/bin/chromium"));

    @TempDir
    Path dir;

    static MemoryChart.Series memory(int steps) {
        return memory(steps, true);
    }

    static MemoryChart.Series memory(int steps, boolean events) {
        double[] x = new double[steps], rel = new double[steps], img = new double[steps];
        boolean[] contact = new boolean[steps], reward = new boolean[steps], life = new boolean[steps];
        for (int i = 0; i < steps; i++) {
            x[i] = i;
            rel[i] = 1 + Math.sin(i / 9.0);
            img[i] = 1 + Math.cos(i / 13.0);
            contact[i] = events && i % 40 == 5;
            reward[i] = events && i % 90 == 60;
            life[i] = events && i == 200;
        }
        return new MemoryChart.Series(x, rel, img, "h", contact, reward, life);
    }

    @Test
    void memoryChartTicksFallOnRoundNumbers() {
        List<String> labels = XChartTicks.xLabels(MemoryChart.chart(memory(300, false), "t", 0.0));
        assertTrue(labels.contains("100") && labels.contains("200"), "ticks " + labels);
        for (String l : labels) {
            double v = Double.parseDouble(l);
            assertEquals(0, v % 20, 1e-9, "tick " + l + " of " + labels);
        }
    }

    @Test
    void memoryChartDrawsEventsAsLines() {
        XYChart c = MemoryChart.chart(memory(300), "t", 0.0);
        XYSeries contact = c.getSeriesMap().get("paddle-ball contact (8)");
        assertEquals(XYSeries.XYSeriesRenderStyle.Line, contact.getXYSeriesRenderStyle() == null ? XYSeries.XYSeriesRenderStyle.Line
                : contact.getXYSeriesRenderStyle());
        assertEquals(5.0, contact.getXData()[0]);
        assertEquals(5.0, contact.getXData()[1]);
        assertEquals(0.0, contact.getYData()[0]);
        assertEquals(1.0, contact.getYData()[1]);
        assertEquals(ChartStyle.CONTACT, contact.getLineColor());
    }

    @Test
    void learningCurveBeforeTheFirstEpisodeShowsLossesAndEntropy() {
        List<String> cols = List.of("frames,updates,episodes,mean_return_100,median_return_100,policy_loss,value_loss,entropy".split(","));
        List<double[]> rows = new ArrayList<>();
        for (int u = 1; u <= 5; u++) {
            rows.add(new double[] {u * 80, u, 0, Double.NaN, Double.NaN, 0.1 / u, 0.5 / u, 1.79 - 0.01 * u});
        }
        List<XYChart> panels = LearningCurve.panels(cols, rows, "A2C");
        assertEquals(1, panels.size());
        Map<String, XYSeries> s = panels.get(0).getSeriesMap();
        assertTrue(s.containsKey("policy loss") && s.containsKey("value loss") && s.containsKey("policy entropy (right axis)"), "" + s.keySet());
        assertEquals(5, s.get("policy loss").getXData().length);
        List<String> ticks = XChartTicks.xLabels(panels.get(0));
        assertTrue(ticks.contains("100") && ticks.contains("200"), "frames at round ticks: " + ticks);
        rows.add(new double[] {480, 6, 3, -20.5, -21, 0.01, 0.02, 1.7});
        panels = LearningCurve.panels(cols, rows, "A2C");
        assertEquals(2, panels.size());
        assertTrue(panels.get(0).getSeriesMap().containsKey("mean of the last 100 returns (now n = 3)"), "" + panels.get(0).getSeriesMap().keySet());
    }

    @Test
    void counterfactualPointsCarryIntervalsAndN() {
        CounterfactualChart.Numbers n = numbers();
        XYChart left = CounterfactualChart.panels(n, "t").get(0);
        XYSeries mass = left.getSeriesMap().get("all objects: mass (n = 40)");
        XYSeries ci = left.getSeriesMap().get("all objects: mass: 95% interval");
        assertEquals(ChartStyle.HEADLINE, mass.getMarkerColor());
        assertEquals(0.1, ci.getYData()[0], 1e-12);
        assertEquals(0.7, ci.getYData()[1], 1e-12);
        assertTrue(left.getSeriesMap().containsKey("ball (n = 12-13)"), "" + left.getSeriesMap().keySet());
        XYChart right = CounterfactualChart.panels(n, "t").get(1);
        assertEquals(ChartStyle.POLICY, right.getSeriesMap().get("change mattered (a truthful map: high) (n = 9)").getMarkerColor());
    }

    static CounterfactualChart.Numbers numbers() {
        Map<String, CounterfactualChart.Estimate[]> g = new LinkedHashMap<>();
        g.put("all objects: mass", new CounterfactualChart.Estimate[] {est(0.4, 0.1, 0.7, 40), est(0.2, -0.1, 0.5, 40)});
        g.put("all objects: density", new CounterfactualChart.Estimate[] {est(0.3, 0.0, 0.6, 40), est(Double.NaN, Double.NaN, Double.NaN, 40)});
        g.put("ball", new CounterfactualChart.Estimate[] {est(0.5, -0.1, 0.8, 12), est(0.6, 0.1, 0.9, 13)});
        return new CounterfactualChart.Numbers(List.of("perturbation_actor", "jacobian_actor"), g,
                new CounterfactualChart.Estimate[] {est(0.2, 0.1, 0.4, 31), est(0.5, 0.3, 0.7, 31)},
                new CounterfactualChart.Estimate[] {est(0.8, 0.5, 0.95, 9), est(0.6, 0.3, 0.85, 9)});
    }

    private static CounterfactualChart.Estimate est(double v, double lo, double hi, int n) {
        return new CounterfactualChart.Estimate(v, lo, hi, n);
    }

    /** XChart cuts a one-line title at the chart's edge; a title too long for the width ends in an ellipsis instead. */
    @Test
    void aTitleTooLongForTheChartIsShortenedNotCut() throws Exception {
        String agent = "CleanRL ppo_atari_lstm (NatureCNN 1x84x84 frame stack, 512 features, LSTM 128; 4 actions); "
                + "memory reset at each lost life (ppo_atari_lstm's EpisodicLifeEnv)";
        XYChart chart = MemoryChart.chart(memory(300), "Memory reliance on Breakout-v4 (seed 0): " + agent, 0.99);
        ChartFiles.fitTitle(chart);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        var g = probe.createGraphics();
        g.setFont(chart.getStyler().getChartTitleFont());
        assertTrue(chart.getTitle().endsWith("…"), chart.getTitle());
        assertTrue(chart.getTitle().startsWith("Memory reliance on Breakout-v4 (seed 0): CleanRL"), chart.getTitle());
        assertTrue(g.getFontMetrics().stringWidth(chart.getTitle()) <= chart.getWidth() - 20, chart.getTitle());
        XYChart shortOne = MemoryChart.chart(memory(300), "memory", 0.99);
        ChartFiles.fitTitle(shortOne);
        assertEquals("memory", shortOne.getTitle());
    }

    @Test
    void everyChartIsAlsoWrittenAsSvgOfTheSameSize() throws Exception {
        MemoryChart.write(dir.resolve("memory.png"), memory(300), "memory", 0.0);
        CounterfactualChart.write(dir.resolve("interventions.png"), numbers(), "interventions");
        LearningCurve.write(dir.resolve("learning_curve.png"), List.of("frames", "episodes", "mean_return_100", "policy_loss"),
                List.of(new double[] {80, 0, Double.NaN, 0.5}, new double[] {160, 0, Double.NaN, 0.4}), "curve");
        for (String name : List.of("memory", "interventions", "learning_curve")) {
            BufferedImage png = ImageIO.read(dir.resolve(name + ".png").toFile());
            DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
            xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Element svg = xml.newDocumentBuilder().parse(dir.resolve(name + ".svg").toFile()).getDocumentElement();
            assertEquals("svg", svg.getTagName());
            assertTrue(svg.getAttribute("width").startsWith(png.getWidth() + ""), name + ": " + svg.getAttribute("width"));
            assertTrue(svg.getAttribute("height").startsWith(png.getHeight() + ""), name + ": " + svg.getAttribute("height"));
            assertTrue(svg.getElementsByTagName("path").getLength() > 20, name + ": its text, drawn as outlines");
        }
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no temporaries left");
        }
    }

    /** Chromium draws the SVG like the PNG: the same picture, up to antialiasing. */
    @Test
    void chromiumDrawsTheSvgLikeThePng() throws Exception {
        boolean required = Boolean.getBoolean("atari.browser.required");
        Assumptions.assumeTrue(required || Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM);
        Path png = dir.resolve("interventions.png");
        CounterfactualChart.write(png, numbers(), "interventions");
        BufferedImage want = ImageIO.read(png.toFile());
        Path shot = dir.resolve("shot.png");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--screenshot=" + shot, "--window-size=" + want.getWidth() + "," + want.getHeight(),
                dir.resolve("interventions.svg").toUri().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Chromium finished");
        BufferedImage got = ImageIO.read(shot.toFile());
        assertEquals(want.getWidth(), got.getWidth());
        // compared in 10x10 blocks (antialiasing differs pixel by pixel): where the PNG has ink, the SVG has it too
        double diff = 0, ink = 0;
        for (int by = 0; by + 10 <= want.getHeight(); by += 10) {
            for (int bx = 0; bx + 10 <= want.getWidth(); bx += 10) {
                double a = 0, b = 0;
                for (int y = by; y < by + 10; y++) {
                    for (int x = bx; x < bx + 10; x++) {
                        a += 255 - grey(want.getRGB(x, y));
                        b += 255 - grey(got.getRGB(x, y));
                    }
                }
                diff += Math.abs(a - b);
                ink += a;
            }
        }
        assertTrue(diff < 0.25 * ink, "block |svg - png| " + diff + " vs ink " + ink);
    }

    private static int grey(int rgb) {
        return (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255)) / 3;
    }
}
