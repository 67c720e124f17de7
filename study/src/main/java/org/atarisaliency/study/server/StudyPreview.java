package org.atarisaliency.study.server;

import static org.atarisaliency.study.server.Html.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.study.StudyDefinition;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code study preview}: every page of every arm of a built study as PNGs, as headless Chromium shows them on a
 * laptop (1280x800) and a phone (390x844), each the page's full height, plus an index.html that shows them all,
 * for a pilot check. Needs no database and no participants ({@link PreviewServer}). The output folder is written
 * under a temporary name and renamed into place when complete.
 */
public final class StudyPreview {
    /** A screen size (CSS pixels) and its name in file names. */
    public record Size(String name, int width, int height) {
        String suffix() {
            return width + "x" + height;
        }
    }

    /** The sizes every page is rendered at. */
    public static final List<Size> SIZES = List.of(new Size("laptop", 1280, 800), new Size("phone", 390, 844));

    /** One rendered page: its arm, number (1-based), id and the PNG of each size (relative to the output folder). */
    public record Shot(String arm, int number, String pageId, String title, List<String> files) {
    }

    /** Progress: called after each page. */
    public interface Listener {
        void onPage(int done, int total, Shot shot);
    }

    private StudyPreview() {
    }

    /**
     * Renders every page of {@code studyDir} into {@code out}.
     *
     * @throws IllegalStateException the browser is missing ({@link HeadlessChromium#missing()})
     * @throws IOException           the study folder cannot be served, or {@code out} exists and is not to be replaced
     */
    public static List<Shot> render(Path studyDir, Path out, boolean force, Listener listener) throws IOException {
        out = out.toAbsolutePath().normalize();
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new java.nio.file.FileAlreadyExistsException(out.toString(), null, "already exists");
        }
        if (!HeadlessChromium.available()) {
            throw new IllegalStateException(HeadlessChromium.missing());
        }
        Files.createDirectories(out.getParent());
        Path tmp = OutputFiles.tempFolder(out.getParent(), out.getFileName() + ".partial-");
        try (PreviewServer server = PreviewServer.start(studyDir)) {
            List<Shot> shots = shoot(server, tmp, listener);
            Files.writeString(tmp.resolve("index.html"), index(server.study(), shots), StandardCharsets.UTF_8);
            OutputFiles.replaceFolder(tmp, out);
            return shots;
        } catch (IOException | RuntimeException | Error e) {
            OutputFiles.deleteTree(tmp);
            OutputFiles.released(tmp);
            throw e;
        }
    }

    private static List<Shot> shoot(PreviewServer server, Path dir, Listener listener) throws IOException {
        List<Shot> shots = new ArrayList<>();
        int total = server.study().arms().stream().mapToInt(a -> a.pages().size()).sum();
        ChromeDriver browser = HeadlessChromium.start(SIZES.get(0).width(), SIZES.get(0).height(), null, "--hide-scrollbars"); // phones overlay theirs
        try {
            for (StudyDefinition.Arm arm : server.study().arms()) {
                for (int n = 1; n <= arm.pages().size(); n++) {
                    StudyDefinition.Page page = arm.pages().get(n - 1);
                    List<String> files = new ArrayList<>();
                    for (Size size : SIZES) {
                        String file = String.format("%s_p%02d_%s_%s.png", safe(arm.id()), n, safe(page.id()), size.suffix());
                        HeadlessChromium.viewport(browser, size.width(), size.height());
                        browser.get(server.url(arm.id(), n));
                        Files.write(dir.resolve(file), HeadlessChromium.fullPage(browser, size.width(), size.height()));
                        files.add(file);
                    }
                    Shot shot = new Shot(arm.id(), n, page.id(), page.title(), files);
                    shots.add(shot);
                    listener.onPage(shots.size(), total, shot);
                }
            }
        } finally {
            browser.quit();
        }
        return shots;
    }

    /** A file-name-safe spelling of an id. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** index.html: per arm, each page's number, id and title with its PNGs side by side (each a link to the full image). */
    static String index(StudyDefinition study, List<Shot> shots) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Preview: ")
                .append(esc(study.name())).append("</title><style>body{font-family:system-ui,sans-serif;margin:1rem}"
                        + ".page{display:flex;gap:1rem;align-items:flex-start;margin:0 0 2rem}.page img{border:1px solid #ccc;max-width:100%}"
                        + ".page a:first-child{flex:0 1 640px}.page a:last-child{flex:0 1 195px}</style></head><body>\n<h1>Preview of ")
                .append(esc(study.name())).append("</h1>\n<p>Every page of every arm, at ");
        b.append(String.join(" and ", SIZES.stream().map(s -> s.name() + " size " + s.suffix()).toList()))
                .append(" (full page height). Nothing here was watched or answered.</p>\n");
        String arm = null;
        for (Shot s : shots) {
            if (!s.arm().equals(arm)) {
                arm = s.arm();
                StudyDefinition.Arm a = study.arm(arm);
                b.append("<h2>Arm ").append(esc(arm)).append(" (condition ").append(esc(a.condition())).append(", blocks ")
                        .append(esc(String.join(", ", a.blockOrder()))).append(", labels ").append(esc(a.labels().toString())).append(")</h2>\n");
            }
            b.append("<h3>Page ").append(s.number()).append(": ").append(esc(s.pageId())).append(" (").append(esc(s.title() == null ? "" : s.title()))
                    .append(")</h3>\n<div class=\"page\">");
            for (String f : s.files()) {
                b.append("<a href=\"").append(esc(f)).append("\"><img src=\"").append(esc(f)).append("\" alt=\"").append(esc(f)).append("\"></a>");
            }
            b.append("</div>\n");
        }
        return b.append("</body></html>\n").toString();
    }
}
