package org.atarisaliency.study.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny static file server on 127.0.0.1 (JDK's com.sun.net.httpserver) that answers single
 * {@code Range: bytes=a-b} requests with 206, as browsers expect for {@code <video>}: Chromium
 * asks for {@code bytes=0-} and seeks with further ranges. Serves the files of one folder (no
 * subfolders), by name. Stop it with {@link #close()}.
 */
public final class RangeFileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Map<String, String> TYPES = Map.of(
        "mp4", "video/mp4", "html", "text/html; charset=utf-8", "js", "text/javascript",
        "css", "text/css", "png", "image/png", "json", "application/json");
    private final HttpServer server;
    private final Path root;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "range-file-server");
        t.setDaemon(true);
        return t;
    });

    /** Serves the files in {@code root} on a free port of 127.0.0.1. */
    public RangeFileServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // one thread per connection: the browser holds a video response open while it asks for other ranges
        server.setExecutor(threads);
        server.start();
    }

    /** http://127.0.0.1:PORT/NAME */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String name = ex.getRequestURI().getPath().substring(1);
            Path file = root.resolve(name).normalize();
            if (name.isEmpty() || name.contains("/") || !file.startsWith(root) || !Files.isRegularFile(file)) {
                byte[] body = ("not found: " + name).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            long size = Files.size(file);
            String ext = name.substring(name.lastIndexOf('.') + 1);
            ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            long start = 0;
            long end = size - 1;
            int status = 200;
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    unsatisfiable(ex, size);
                    return;
                }
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, size - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
                if (start >= size || start > end) {
                    unsatisfiable(ex, size);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            long length = end - start + 1;
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : length);
            if (head) {
                return;
            }
            try (InputStream in = Files.newInputStream(file); OutputStream out = ex.getResponseBody()) {
                in.skipNBytes(start);
                byte[] buf = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            } catch (IOException e) {
                // the browser closed the connection mid-response (it does so when it seeks): fine
            }
        }
    }

    private static void unsatisfiable(HttpExchange ex, long size) throws IOException {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
        ex.sendResponseHeaders(416, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
