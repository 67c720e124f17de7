package org.atarisaliency.study.server;

import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.atarisaliency.study.StudyDefinition;

/**
 * A server for looking at a built study's pages without a database or participants: {@code /preview/ARM/N}
 * shows page N (1-based) of arm ARM as a participant sees it (nothing watched, nothing filled in; forms post
 * nowhere useful), with the study's script, style and media at the URLs the pages name. Listens on 127.0.0.1
 * only. {@code study preview} and the layout tests use it.
 */
public final class PreviewServer implements AutoCloseable {
    private final StudyFolder study;
    private final Pages pages;
    private final MediaIds media;
    private final Javalin app;

    private PreviewServer(StudyFolder study) throws IOException {
        this.study = study;
        this.media = new MediaIds(Tokens.random(256).getBytes(java.nio.charset.StandardCharsets.US_ASCII), study.videos());
        this.pages = new Pages(study.definition(), media);
        byte[] script = StudyRoutes.resource("study.js"), style = StudyRoutes.resource("study.css");
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.routes.get("/preview/{arm}/{n}", ctx -> {
                String html = page(ctx.pathParam("arm"), ctx.pathParam("n"));
                if (html == null) {
                    ctx.status(404).result("no such page");
                } else {
                    ctx.html(html);
                }
            });
            cfg.routes.get("/static/study.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(script));
            cfg.routes.get("/static/study.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(style));
            cfg.routes.get(MediaIds.PREFIX + "{id}", ctx -> {
                Path file = media.file(ctx.pathParam("id"));
                if (file == null) {
                    ctx.status(404).result("not found");
                } else {
                    StudyRoutes.sendFile(ctx, file);
                }
            });
        });
    }

    /** Loads and checks the study folder (as study serve does, checksums included) and starts serving it on a free port. */
    public static PreviewServer start(Path studyDir) throws IOException {
        StudyFolder study = StudyFolder.load(studyDir);
        study.verifyChecksums();
        PreviewServer s = new PreviewServer(study);
        s.app.start("127.0.0.1", 0);
        return s;
    }

    /** The study being shown. */
    public StudyDefinition study() {
        return study.definition();
    }

    /** The address of page {@code n} (1-based) of arm {@code arm}. */
    public String url(String arm, int n) {
        return "http://127.0.0.1:" + app.port() + "/preview/" + java.net.URLEncoder.encode(arm, java.nio.charset.StandardCharsets.UTF_8) + "/" + n;
    }

    /** The page's HTML, or null when there is no such arm or page. */
    private String page(String armId, String n) {
        StudyDefinition.Arm arm = study.definition().arm(armId);
        int index;
        try {
            index = Integer.parseInt(n) - 1;
        } catch (NumberFormatException e) {
            return null;
        }
        if (arm == null || index < 0 || index >= arm.pages().size()) {
            return null;
        }
        StudyDefinition.Page p = arm.pages().get(index);
        StudyDefinition.Page consent = StudyRoutes.commonConsent(study.definition().arms());
        if (index == 0 && consent != null) {
            // participants meet the shared consent page as the landing page at /, with its "I agree" / "I do not agree"
            return pages.landing(consent, false, new String[3], "preview");
        }
        return "debrief".equals(p.type()) ? pages.debrief(p) : pages.page(p, index, "preview", null, null, Map.of(), Map.of());
    }

    @Override
    public void close() {
        app.stop();
    }
}
