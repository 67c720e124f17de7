package org.atarisaliency.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The viewer's local web server (the JDK's {@link HttpServer}, bound to 127.0.0.1 only): the static app from the resources and
 * the data of a {@link ViewTarget}, one step per request. Endpoints: {@code /api/root}, {@code /api/item?i=}, {@code /api/frame?run=&t=}
 * (raw RGB), {@code /api/map?run=&name=&t=} (float32 over the map's screen region), {@code /api/series?run=&name=&from=&to=&buckets=},
 * {@code /api/table?file=&name=&buckets=}, {@code /api/scale?run=&name=}, {@code /api/objects?run=&t=}, {@code /api/export?run=&...}
 * (an MP4 of a step range) and {@code /file?id=} (a video, chart or export, with byte ranges so a video seeks).
 */
public final class ViewerServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "/org/atarisaliency/viewer/app/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "png", "image/png", "mp4", "video/mp4", "csv", "text/csv; charset=utf-8");

    private final HttpServer server;
    private final ViewTarget target;
    private final ClipExport export;
    private final Map<Integer, StepTable> tables = new ConcurrentHashMap<>();

    private ViewerServer(HttpServer server, ViewTarget target, ClipExport export) {
        this.server = server;
        this.target = target;
        this.export = export;
    }

    /**
     * Serves {@code target} on 127.0.0.1:{@code port} (0: any free port); exports go to {@code exports}.
     *
     * @throws PortInUseException when the port is taken
     */
    public static ViewerServer start(ViewTarget target, int port, Path exports) throws IOException {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new PortInUseException(port);
        }
        ViewerServer v = new ViewerServer(s, target, new ClipExport(exports));
        s.createContext("/", v::handle);
        s.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "viewer-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return v;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            Map<String, String> q = query(x.getRequestURI());
            try {
                route(x, path, q);
            } catch (IllegalArgumentException | IOException e) {
                send(x, 400, "text/plain; charset=utf-8", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                // a fault of the viewer, not of the request: still an answer, not a dropped connection
                send(x, 500, "text/plain; charset=utf-8", ("internal error: " + e).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void route(HttpExchange x, String path, Map<String, String> q) throws IOException {
        switch (path) {
            case "/", "/index.html" -> resource(x, "index.html");
            case "/api/root" -> json(x, target.root());
            case "/api/item" -> json(x, target.item(integer(q, "i")));
            case "/api/frame" -> frame(x, run(q), step(q));
            case "/api/map" -> send(x, 200, "application/octet-stream", floats(run(q).mapOnScreen(text(q, "name"), step(q))));
            case "/api/series" -> json(x, series(run(q).series(text(q, "name")), q));
            case "/api/table" -> json(x, series(column(integer(q, "file"), text(q, "name")), q));
            case "/api/scale" -> json(x, Map.of("percentile", run(q).percentile(text(q, "name"))));
            case "/api/objects" -> json(x, run(q).objects(step(q)));
            case "/api/export" -> json(x, export.export(run(q), q));
            case "/file" -> file(x, text(q, "id").startsWith("x") ? export.file(q.get("id")) : target.file(integer(q, "id")));
            default -> {
                if (path.startsWith("/app/") && path.matches("/app/[a-z]+\\.(js|css|png)")) {
                    resource(x, path.substring(5));
                } else {
                    send(x, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static Map<String, Object> series(double[] v, Map<String, String> q) {
        return Series.minMax(v, integer(q, "from", 0), integer(q, "to", v.length), integer(q, "buckets", 600));
    }

    private double[] column(int file, String name) throws IOException {
        StepTable t = tables.get(file);
        if (t == null) {
            t = StepTable.read(target.file(file));
            tables.put(file, t);
        }
        double[] c = t.column(name);
        if (c == null) {
            throw new IllegalArgumentException("no numeric column " + name);
        }
        return c;
    }

    private static void frame(HttpExchange x, Recording r, int t) throws IOException {
        byte[] rgb = r.frame(t);
        if (rgb == null) {
            send(x, 404, "text/plain; charset=utf-8", "this recording has no frames.npy".getBytes(StandardCharsets.UTF_8));
        } else {
            send(x, 200, "application/octet-stream", rgb);
        }
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static void resource(HttpExchange x, String name) throws IOException {
        try (InputStream in = ViewerServer.class.getResourceAsStream(APP + name)) {
            if (in == null) {
                send(x, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(x, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), in.readAllBytes());
        }
    }

    /** A file with byte ranges (a video element seeks with them). */
    private static void file(HttpExchange x, Path f) throws IOException {
        String n = f.getFileName().toString();
        String type = TYPES.getOrDefault(n.substring(n.lastIndexOf('.') + 1), "application/octet-stream");
        long size = Files.size(f);
        long from = 0, to = size - 1;
        String range = x.getRequestHeaders().getFirst("Range");
        boolean partial = range != null && range.startsWith("bytes=");
        if (partial) {
            String[] r = range.substring(6).split("-", -1);
            from = r[0].isEmpty() ? Math.max(0, size - Long.parseLong(r[1])) : Long.parseLong(r[0]);
            to = r[0].isEmpty() || r[1].isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(r[1]));
            x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (n.startsWith("export-")) {
            x.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + n + "\"");
        }
        x.sendResponseHeaders(partial ? 206 : 200, to - from + 1);
        try (RandomAccessFile in = new RandomAccessFile(f.toFile(), "r"); OutputStream out = x.getResponseBody()) {
            in.seek(from);
            byte[] buf = new byte[1 << 16];
            for (long left = to - from + 1; left > 0; ) {
                int k = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (k < 0) {
                    break;
                }
                out.write(buf, 0, k);
                left -= k;
            }
        }
    }

    private static void json(HttpExchange x, Object value) throws IOException {
        send(x, 200, "application/json", JSON.writeValueAsBytes(value));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private Recording run(Map<String, String> q) {
        return target.run(integer(q, "run"));
    }

    /** Parameter t, a step of parameter run's recording. */
    private int step(Map<String, String> q) {
        int t = integer(q, "t"), n = run(q).length();
        if (t < 0 || t >= n) {
            throw new IllegalArgumentException("step " + t + " is out of range: the recording has steps 0.." + (n - 1));
        }
        return t;
    }

    private static String text(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter " + key);
        }
        return v;
    }

    private static int integer(Map<String, String> q, String key) {
        text(q, key);
        return integer(q, key, 0);
    }

    private static int integer(Map<String, String> q, String key, int otherwise) {
        String v = q.get(key);
        try {
            return v == null ? otherwise : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got " + v);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        target.close();
        export.deleteAll();
    }

}
