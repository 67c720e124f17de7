package org.atarisaliency.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests the page never makes get an answer (400 with the reason), never a dropped connection. */
class ViewerServerRequestsTest {
    @TempDir
    Path tmp;

    @Test
    void badRequestsAreAnsweredWith400() throws Exception {
        Path stem = Synthetic.recording(tmp.resolve("clip/pong"), 4);
        try (ViewerServer s = ViewerServer.start(ViewTarget.open(List.of(stem)), 0, tmp.resolve("exports"))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String bad : List.of("file", "api/frame?run=0&t=-1", "api/map?run=0&name=actor_tv&t=-1", "api/map?run=0&t=0", "api/frame?run=7&t=0")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + bad)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, r.statusCode(), bad + ": " + r.body());
            }
        }
    }
}
