package org.atarisaliency.study.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tiny HTTP forward proxy for a browser under test: it passes each plain-HTTP request on (without
 * Accept-Encoding, so nothing comes back compressed; one request per connection) and keeps every byte of every
 * response, headers included, so a test can check all that a participant received.
 */
final class RecordingProxy implements AutoCloseable {
    /** One request's URL and the raw response bytes (status line, headers, body). */
    record Exchange(String url, byte[] response) {
    }

    private final ServerSocket server;
    private final List<Exchange> exchanges = new ArrayList<>();

    RecordingProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread t = new Thread(() -> relay(client), "proxy-relay");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The Chromium flags that send every request, loopback included, through this proxy. */
    String[] chromiumArguments() {
        return new String[]{"--proxy-server=http://127.0.0.1:" + server.getLocalPort(), "--proxy-bypass-list=<-loopback>"};
    }

    /** Everything recorded so far. */
    synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    private void relay(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            URI uri = URI.create(requestLine[1]);
            StringBuilder out = new StringBuilder(requestLine[0] + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " HTTP/1.1\r\n");
            int length = 0;
            for (int i = 1; i < lines.length; i++) {
                String name = lines[i].substring(0, Math.max(0, lines[i].indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                if (name.equals("content-length")) {
                    length = Integer.parseInt(lines[i].substring(lines[i].indexOf(':') + 1).trim());
                }
                if (!name.equals("accept-encoding") && !name.equals("connection") && !name.equals("proxy-connection") && !name.equals("keep-alive")) {
                    out.append(lines[i]).append("\r\n");
                }
            }
            out.append("Connection: close\r\n\r\n");
            byte[] body = in.readNBytes(length);
            try (Socket origin = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream o = origin.getOutputStream();
                o.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
                o.write(body);
                o.flush();
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                InputStream r = origin.getInputStream();
                OutputStream back = client.getOutputStream();
                byte[] buf = new byte[64 * 1024];
                try {
                    for (int n; (n = r.read(buf)) > 0; ) {
                        response.write(buf, 0, n);
                        back.write(buf, 0, n);
                    }
                } finally {
                    synchronized (this) {
                        exchanges.add(new Exchange(uri.toString(), response.toByteArray()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the browser went away (a media request it cancelled): what came back so far is recorded
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int c; matched < 4 && (c = in.read()) >= 0; ) {
            head.write(c);
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
