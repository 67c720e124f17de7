/**
 * The study web server and its data: {@link org.atarisaliency.study.server.StudyServer} serves a built
 * study folder to participants (Prolific or lab), one page at a time, with every answer, page timing and
 * video event committed to SQLite ({@link org.atarisaliency.study.server.StudyDatabase}) before it is
 * acknowledged; {@link org.atarisaliency.study.server.StudyExport} turns that database into CSV files for
 * the analysis. Pages are rendered on the server as escaped HTML; the only script is the served
 * {@code /static/study.js}, which reports video events.
 */
package org.atarisaliency.study.server;
