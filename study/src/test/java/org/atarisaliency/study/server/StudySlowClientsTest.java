package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many slow request bodies from one address, over real sockets, while a participant from another address goes on. */
class StudySlowClientsTest {
    private static final int SLOW = 300;
    @TempDir
    Path dir;

    @Test
    void slowBodiesAreCutAndDoNotShutOutAParticipant() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        ServerLimits limits = new ServerLimits(16, Duration.ofSeconds(2), 300, Duration.ofHours(1), 2000, 512, Duration.ofSeconds(10));
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (StudyServer.Running server = StudyServer.start(study, dir.resolve("s.db"), "127.0.0.1", 0, null, limits)) {
            Browser attacker = new Browser(Browser.client(), server.port());
            attacker.enter("");
            String head = "POST /study HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + StudyRoutes.COOKIE + "=" + attacker.cookie
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\ncsrf=";
            for (int i = 0; i < SLOW; i++) {
                Socket s = new Socket();
                // another loopback address: the slow client is not the participant's address
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            trickle.scheduleAtFixedRate(() -> slow.forEach(StudySlowClientsTest::oneByte), 200, 200, TimeUnit.MILLISECONDS);
            Thread.sleep(300);
            Browser participant = new Browser(Browser.client(), server.port());
            long t0 = System.nanoTime();
            participant.enter("");
            double seconds = (System.nanoTime() - t0) / 1e9;
            participant.expectPage(1);
            assertTrue(seconds < 1.5, "the participant waited " + seconds + " s");
            // every slow client is answered 429 or cut within the body timeout (and some slack)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            int cut = 0;
            for (Socket s : slow) {
                s.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (endsOrRefused(s)) {
                    cut++;
                }
            }
            assertEquals(SLOW, cut, "slow clients cut");
        } finally {
            trickle.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void slowHeadersAreCutAndOneAddressCannotHoldEveryConnection() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        int cap = 20;
        ServerLimits limits = new ServerLimits(16, Duration.ofSeconds(2), 300, Duration.ofHours(1), 2000, cap, Duration.ofSeconds(1));
        List<Socket> slow = new ArrayList<>();
        List<Socket> idle = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (StudyServer.Running server = StudyServer.start(study, dir.resolve("s.db"), "127.0.0.1", 0, null, limits)) {
            // headers trickled byte by byte from 127.0.0.2 (never finishing the first request)
            for (int i = 0; i < cap; i++) {
                Socket s = connect("127.0.0.2", server.port());
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            trickle.scheduleAtFixedRate(() -> slow.forEach(StudySlowClientsTest::oneByte), 100, 100, TimeUnit.MILLISECONDS);
            // twice the cap of idle connections from 127.0.0.3: the ones beyond the cap are closed when they open
            for (int i = 0; i < 2 * cap; i++) {
                idle.add(connect("127.0.0.3", server.port()));
            }
            Browser participant = new Browser(Browser.client(), server.port());
            participant.enter("");
            participant.expectPage(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            int cut = 0;
            for (Socket s : slow) {
                s.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                cut += endsOrRefused(s) ? 1 : 0;
            }
            assertEquals(cap, cut, "connections trickling their headers are cut after the header timeout");
            int refused = 0;
            for (Socket s : idle.subList(cap, idle.size())) {
                s.setSoTimeout(2000);
                refused += endsOrRefused(s) ? 1 : 0;
            }
            assertEquals(cap, refused, "connections beyond the per-address cap are closed");
        } finally {
            trickle.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /**
     * Connections that come and go (a request each, closed by the client or by the server) free their place: after
     * many times the per-address cap of them, one more request from that address is still answered. (A pilot with
     * six simulated participants once locked its own address out: closed connections were not counted down.)
     */
    @Test
    void closedConnectionsFreeTheirPlace() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        int cap = 8;
        ServerLimits limits = new ServerLimits(16, Duration.ofSeconds(2), 300, Duration.ofHours(1), 2000, cap, Duration.ofSeconds(1));
        try (StudyServer.Running server = StudyServer.start(study, dir.resolve("s.db"), "127.0.0.1", 0, null, limits)) {
            for (int i = 0; i < 20 * cap; i++) {
                try (Socket s = connect("127.0.0.4", server.port())) {
                    boolean clientCloses = i % 2 == 0;
                    s.getOutputStream().write(("GET /static/study.css HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (clientCloses ? "" : "Connection: close\r\n")
                            + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    s.setSoTimeout(2000);
                    byte[] status = s.getInputStream().readNBytes(12);
                    assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII), "connection " + i);
                }
            }
            try (Socket s = connect("127.0.0.4", server.port())) {
                s.getOutputStream().write("GET /static/study.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(2000);
                assertEquals("HTTP/1.1 200", new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII), "after many closed connections");
            }
        }
    }

    private static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return s;
    }

    private static void oneByte(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            out.write('x');
            out.flush();
        } catch (IOException closed) {
            // cut by the server
        }
    }

    /** Whether the server answered 429 or closed the connection (true), or neither before the socket's timeout (false). */
    private static boolean endsOrRefused(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[12];
            int n = in.readNBytes(buf, 0, buf.length);
            String status = new String(buf, 0, n, StandardCharsets.US_ASCII);
            return n < buf.length || status.startsWith("HTTP/1.1 429") || status.startsWith("HTTP/1.1 4") || status.startsWith("HTTP/1.1 5");
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
