package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.atarisaliency.study.browser.Browsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code study preview}: every page of every arm at both sizes, full height, and an index that shows them all. */
class StudyPreviewTest {
    @TempDir
    Path dir;

    @Test
    void everyPageOfEveryArmAtBothSizesWithAnIndex() throws Exception {
        Browsers.assumeAvailable();
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        Path out = dir.resolve("preview");
        List<StudyPreview.Shot> shots = StudyPreview.render(study, out, false, (done, total, shot) -> { });
        assertEquals(10, shots.size(), "2 arms x 5 pages");
        List<Path> pngs;
        try (Stream<Path> s = Files.list(out)) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(20, pngs.size(), "each page at 1280x800 and 390x844");
        String index = Files.readString(out.resolve("index.html"));
        for (Path p : pngs) {
            String name = p.getFileName().toString();
            BufferedImage img = ImageIO.read(p.toFile());
            int width = name.endsWith("_1280x800.png") ? 1280 : 390, height = width == 1280 ? 800 : 844;
            assertEquals(width, img.getWidth(), name);
            assertTrue(img.getHeight() >= height, name + " is at least the window's height");
            assertTrue(index.contains("src=\"" + name + "\""), name + " in index.html");
        }
        assertTrue(Files.exists(out.resolve("A_p03_videos.b1_1280x800.png")), "named by arm, page number, page id and size");
        // the phone's video page (two clips stacked) is taller than the phone's window: the whole page is in the PNG
        assertTrue(ImageIO.read(out.resolve("A_p03_videos.b1_390x844.png").toFile()).getHeight() > 844);
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> StudyPreview.render(study, out, false, (d, t, s) -> { }));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("preview", "study"), s.map(p -> p.getFileName().toString()).sorted().toList(), "no partial folder left");
        }
    }
}
