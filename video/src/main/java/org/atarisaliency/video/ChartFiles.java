package org.atarisaliency.video;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.atarisaliency.env.OutputFiles;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a figure, one or more XChart charts side by side or stacked, as NAME.png and, from the
 * same paint calls, NAME.svg beside it (a vector copy for papers; text is drawn as outlines, so
 * it looks the same in every viewer). Each file is written atomically (temp file, then rename).
 */
final class ChartFiles {
    /** Space kept free on each side of a title, in pixels. */
    private static final int TITLE_MARGIN = 12;

    private ChartFiles() {
    }

    /** A chart and where its top-left corner goes in the figure. */
    record Placed(Chart<?, ?> chart, int x, int y) {
    }

    /** One chart alone. */
    static void write(Path png, Chart<?, ?> chart) throws IOException {
        write(png, List.of(new Placed(chart, 0, 0)));
    }

    /** Charts placed left to right. */
    static void row(Path png, List<? extends Chart<?, ?>> charts) throws IOException {
        write(png, place(charts, true));
    }

    /** Charts placed top to bottom. */
    static void column(Path png, List<? extends Chart<?, ?>> charts) throws IOException {
        write(png, place(charts, false));
    }

    /** The SVG written beside {@code png}: NAME.svg for NAME.png. */
    static Path svgBeside(Path png) {
        String name = png.getFileName().toString();
        return png.resolveSibling(name.replaceFirst("\\.png$", "") + ".svg");
    }

    private static List<Placed> place(List<? extends Chart<?, ?>> charts, boolean across) {
        int at = 0;
        List<Placed> out = new java.util.ArrayList<>();
        for (Chart<?, ?> c : charts) {
            out.add(across ? new Placed(c, at, 0) : new Placed(c, 0, at));
            at += across ? c.getWidth() : c.getHeight();
        }
        return out;
    }

    private static void write(Path png, List<Placed> charts) throws IOException {
        charts.forEach(p -> fitTitle(p.chart()));
        int w = charts.stream().mapToInt(p -> p.x() + p.chart().getWidth()).max().orElse(1);
        int h = charts.stream().mapToInt(p -> p.y() + p.chart().getHeight()).max().orElse(1);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        paint(g, w, h, charts);
        g.dispose();
        VectorGraphics2D vg = new VectorGraphics2D();
        paint(vg, w, h, charts);
        var svg = new SVGProcessor().getDocument(vg.getCommands(), new PageSize(0, 0, w, h));
        atomically(png.toAbsolutePath(), out -> ImageIO.write(img, "png", out));
        atomically(svgBeside(png.toAbsolutePath()), svg::writeTo);
    }

    /** XChart draws a title on one line and cuts it at the chart's edge: shorten it with an ellipsis instead. */
    static void fitTitle(Chart<?, ?> chart) {
        String title = chart.getTitle();
        if (title == null || title.isEmpty()) {
            return;
        }
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        g.setFont(chart.getStyler().getChartTitleFont());
        chart.setTitle(TextFit.fit(g, title, chart.getWidth() - 2 * TITLE_MARGIN));
        g.dispose();
    }

    private static void paint(Graphics2D g, int w, int h, List<Placed> charts) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        for (Placed p : charts) {
            Graphics2D part = (Graphics2D) g.create();
            part.translate(p.x(), p.y());
            p.chart().paint(part, p.chart().getWidth(), p.chart().getHeight());
            part.dispose();
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void atomically(Path target, Writer writer) throws IOException {
        Path tmp = OutputFiles.tempBeside(target);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            OutputFiles.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            throw OutputFiles.naming(target, e);
        } finally {
            Files.deleteIfExists(tmp);
            OutputFiles.released(tmp);
        }
    }
}
