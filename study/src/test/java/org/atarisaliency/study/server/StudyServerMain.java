package org.atarisaliency.study.server;

import java.nio.file.Path;

/** Runs a study server in its own JVM for the kill test: args STUDY_DIR DB_FILE; prints "PORT n" once it listens. */
public final class StudyServerMain {
    private StudyServerMain() {
    }

    public static void main(String[] args) throws Exception {
        StudyServer.Running running = StudyServer.start(Path.of(args[0]), Path.of(args[1]), "127.0.0.1", 0, null);
        System.out.println("PORT " + running.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
