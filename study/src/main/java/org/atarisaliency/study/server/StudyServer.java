package org.atarisaliency.study.server;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The study web server: serves a built study folder to participants and records everything in a SQLite
 * database. Call {@link #start}; close the returned {@link Running} to stop.
 *
 * <p>Routes: {@code /} (entry, with optional Prolific parameters), {@code /study} (GET the current page,
 * POST it), {@code /event} (video events), {@code /media/ID} (the media files listed in study.json, under opaque ids: {@link MediaIds}; with Range),
 * {@code /static/study.js|css}, {@code /admin} (progress; admin token required).
 */
public final class StudyServer {
    /** The largest request body accepted (form posts and events); larger ones get 413. */
    public static final long MAX_REQUEST_BYTES = 64 * 1024;

    private StudyServer() {
    }

    /**
     * A running server.
     *
     * @param port       the port it listens on (the real one when 0 was asked for)
     * @param adminToken the token /admin needs (print it for the researcher; it never appears on participants' pages)
     */
    public record Running(int port, String adminToken, Javalin app, StudyDatabase database) implements AutoCloseable {
        /** Stops the server, then closes the database (every acknowledged answer is already committed). */
        @Override
        public void close() {
            try {
                app.stop();
            } finally {
                database.close();
            }
        }
    }

    /**
     * Serves the study folder on all interfaces.
     *
     * @param studyDir   a built study folder (study.json, the videos)
     * @param dbFile     the SQLite database (created if missing; must belong to this study if it exists)
     * @param port       the port, 0 for any free one
     * @param adminToken the /admin token, or null to generate a random one
     * @throws IOException with a one-line message when the study folder or the database cannot be used
     */
    public static Running start(Path studyDir, Path dbFile, int port, String adminToken) throws IOException {
        return start(studyDir, dbFile, "0.0.0.0", port, adminToken);
    }

    /** As {@link #start(Path, Path, int, String)}, listening on {@code host} only (e.g. 127.0.0.1 behind a reverse proxy). */
    public static Running start(Path studyDir, Path dbFile, String host, int port, String adminToken) throws IOException {
        return start(studyDir, dbFile, host, port, adminToken, ServerLimits.DEFAULT);
    }

    /** As {@link #start(Path, Path, String, int, String)}, with these limits per client. */
    public static Running start(Path studyDir, Path dbFile, String host, int port, String adminToken, ServerLimits limits) throws IOException {
        String weakness = adminToken == null ? null : AdminAccess.weakness(adminToken);
        if (weakness != null) {
            throw new IllegalArgumentException(weakness);
        }
        String token = adminToken != null ? adminToken : Tokens.random(192);
        StudyFolder study = StudyFolder.load(studyDir);
        study.verifyChecksums();
        StudyDatabase db = StudyDatabase.open(dbFile, study);
        try {
            StudyRoutes routes = new StudyRoutes(study, db, token, limits);
            ConnectionLimits connections = new ConnectionLimits(limits);
            Javalin app = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
                cfg.http.generateEtags = false;
                cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
                cfg.jetty.modifyServer(server -> {
                    server.setStopTimeout(2_000);
                    // Javalin puts its servlet inside this wrapper
                    server.setHandler(new ClientLimits(limits));
                    // the connectors exist once the server starts: each gets the per-connection limits
                    server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                        @Override
                        public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                            for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
                                connections.register(c);
                            }
                        }
                    });
                });
                cfg.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
                routes.register(cfg.routes);
                cfg.routes.exception(HttpResponseException.class, (e, ctx) -> routes.httpError(ctx, e.getStatus(), e.getMessage()));
                cfg.routes.exception(Exception.class, (e, ctx) -> routes.internalError(ctx, e));
            });
            app.start(host, port);
            return new Running(app.port(), token, app, db);
        } catch (RuntimeException e) {
            db.close();
            throw new IOException("cannot start the study server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
