package org.atarisaliency.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MP4 exports live only as long as the viewer: closing it deletes them and their folder. */
class ClipExportTest {
    @TempDir
    Path tmp;

    @Test
    void closingTheViewerDeletesItsExports() throws Exception {
        Path stem = Synthetic.recording(tmp.resolve("clip/pong"), 6);
        Path exports = tmp.resolve("exports");
        ViewTarget target = ViewTarget.open(List.of(stem));
        ClipExport export = new ClipExport(exports);
        Map<String, Object> made = export.export(target.run(0), Map.of("from", "1", "to", "4", "maps", "actor_tv"));
        Path mp4 = Path.of((String) made.get("file"));
        assertTrue(Files.size(mp4) > 0, "the export was written");
        assertEquals(3, made.get("frames"));
        export.deleteAll();
        target.close();
        assertFalse(Files.exists(mp4), "the export outlived the viewer");
        assertFalse(Files.exists(exports), "its folder outlived the viewer");
    }
}
