package org.atarisaliency.video;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The counterfactual chart of {@code intervene}: left, per saliency method, the rank correlation
 * between the saliency a map put on an object and the policy change when the object was changed
 * (all objects, by the map's mass and by its density on the object, and each object alone); right, Atrey's check: the share of interventions on which
 * the map marked the object (its mean saliency in the map's top tenth), for interventions that did
 * not matter and that did.
 */
public final class CounterfactualChart {
    private CounterfactualChart() {
    }

    /**
     * The numbers drawn (NaN = not defined, drawn as no bar).
     *
     * @param methods           the saliency methods, in order
     * @param spearman          group name (all objects by mass and by density, then each object) to one value per method
     * @param markedNoEffect    per method: share marked among interventions that do not matter
     * @param markedEffect      per method: share marked among interventions that matter
     */
    public record Numbers(List<String> methods, Map<String, double[]> spearman, double[] markedNoEffect, double[] markedEffect) {
    }

    /** Renders both panels into one PNG, written atomically (temp file, then rename). */
    public static void write(Path png, Numbers n, String title) throws IOException {
        CategoryChart left = chart(title, "Spearman rho: saliency on the object vs policy change", -1.0, 1.0);
        Color[] palette = {new Color(40, 40, 40), new Color(30, 90, 200), new Color(230, 120, 0), new Color(20, 150, 60),
            new Color(200, 30, 30), new Color(130, 60, 170), new Color(0, 150, 160), new Color(150, 110, 60)};
        int k = 0;
        for (Map.Entry<String, double[]> e : n.spearman().entrySet()) {
            left.addSeries(e.getKey(), n.methods(), values(e.getValue())).setFillColor(palette[k++ % palette.length]);
        }
        CategoryChart right = chart("Atrey's check: does the map mark objects whose change does not matter?",
                "share where the object is in the map's top tenth", 0.0, 1.0);
        right.addSeries("change did not matter (a truthful map: low)", n.methods(), values(n.markedNoEffect()))
                .setFillColor(new Color(200, 30, 30));
        right.addSeries("change mattered (a truthful map: high)", n.methods(), values(n.markedEffect()))
                .setFillColor(new Color(20, 150, 60));
        BufferedImage a = BitmapEncoder.getBufferedImage(left);
        BufferedImage b = BitmapEncoder.getBufferedImage(right);
        BufferedImage img = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        Path abs = png.toAbsolutePath();
        Path tmp = org.atarisaliency.env.OutputFiles.tempBeside(abs);
        try {
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
            org.atarisaliency.env.OutputFiles.released(tmp);
        }
    }

    private static CategoryChart chart(String title, String yTitle, double min, double max) {
        CategoryChart c = new CategoryChartBuilder().width(900).height(560).title(title).xAxisTitle("saliency method").yAxisTitle(yTitle).build();
        var st = c.getStyler();
        ChartStyle.apply(st, 14);
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setXAxisLabelRotation(20);
        st.setYAxisMin(min);
        st.setYAxisMax(max);
        st.setOverlapped(false);
        return c;
    }

    /** Values with NaN as 0 (XChart draws no gap for a missing value; the JSON keeps the NaN). */
    private static List<Double> values(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(Double.isFinite(x) ? x : 0.0);
        }
        return out;
    }
}
