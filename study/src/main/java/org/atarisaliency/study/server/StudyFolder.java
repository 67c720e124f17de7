package org.atarisaliency.study.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.StudyDefinition.Arm;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Question;
import org.atarisaliency.study.StudyDefinition.Video;

/**
 * A built study folder as the server uses it: the parsed study.json, its sha256, and the whitelist of media
 * files it may serve (the clips, stills and pictures named in study.json, resolved inside the folder, and nothing else).
 *
 * @param dir        the study folder (absolute, normalised)
 * @param definition the parsed study.json
 * @param sha256     of study.json's bytes
 * @param videos     study.json's relative file name to the file on disk, for every clip and PNG it names
 * @param seconds    study.json's relative file name to the video's duration in seconds
 */
public record StudyFolder(Path dir, StudyDefinition definition, String sha256, Map<String, Path> videos, Map<String, Double> seconds) {
    static final Set<String> PAGE_TYPES = Set.of("consent", "instructions", "questions", "check", "video", "debrief");
    static final Set<String> QUESTION_TYPES = Set.of("choice", "likert", "slider", "text");
    /** A line of sha256sum's output: the hex digest, two spaces (or space and '*' for binary mode), the file. */
    private static final java.util.regex.Pattern CHECKSUM_LINE = java.util.regex.Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    /** Reads and checks {@code dir/study.json}; every problem is an IOException with a one-line message. */
    public static StudyFolder load(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Path json = root.resolve("study.json");
        if (!Files.isRegularFile(json)) {
            throw new IOException(root + " is not a built study folder (no study.json); make one with: atari-saliency study build");
        }
        Path realRoot = root.toRealPath();
        byte[] bytes = Files.readAllBytes(json);
        StudyDefinition d = StudyDefinition.read(json);
        Map<String, Path> videos = new LinkedHashMap<>();
        if (d.arms() == null || d.arms().isEmpty()) {
            throw new IOException(json + ": the study has no arms");
        }
        if (d.completion() != null && d.completion().redirect() != null && !isHttpUrl(d.completion().redirect())) {
            throw new IOException(json + ": completion.redirect must be an http(s) URL, not '" + d.completion().redirect() + "'");
        }
        Set<String> armIds = new HashSet<>();
        for (Arm arm : d.arms()) {
            if (!armIds.add(arm.id())) {
                throw new IOException(json + ": arm id '" + arm.id() + "' is used twice");
            }
            List<Page> pages = arm.pages();
            if (pages == null || pages.isEmpty() || !"debrief".equals(pages.get(pages.size() - 1).type())) {
                throw new IOException(json + ": arm '" + arm.id() + "' must end with a debrief page");
            }
            Set<String> pageIds = new HashSet<>();
            for (Page p : pages) {
                if (!pageIds.add(p.id())) {
                    throw new IOException(json + ": arm '" + arm.id() + "' has page id '" + p.id() + "' twice");
                }
                if (!PAGE_TYPES.contains(p.type())) {
                    throw new IOException(json + ": page '" + p.id() + "' has unknown type '" + p.type() + "'");
                }
                Set<String> qIds = new HashSet<>();
                for (Question q : nonNull(p.questions())) {
                    checkQuestion(json, p, q, qIds);
                }
                for (Video v : nonNull(p.videos())) {
                    videos.put(v.file(), resolveVideo(root, realRoot, json, v.file()));
                }
                for (StudyDefinition.Image i : images(p)) {
                    videos.put(i.file(), resolveVideo(root, realRoot, json, i.file()));
                }
            }
        }
        Map<String, Double> seconds = new HashMap<>();
        for (Map.Entry<String, Path> v : videos.entrySet()) {
            if (!isImage(v.getKey())) {
                seconds.put(v.getKey(), Mp4Duration.seconds(v.getValue()));
            }
        }
        return new StudyFolder(root, d, Tokens.sha256(bytes), Map.copyOf(videos), Map.copyOf(seconds));
    }

    private static void checkQuestion(Path json, Page p, Question q, Set<String> ids) throws IOException {
        String where = json + ": page '" + p.id() + "' question '" + q.id() + "'";
        if (q.id() == null || !q.id().matches("[A-Za-z0-9_.-]{1,64}") || !ids.add(q.id())) {
            throw new IOException(where + ": the id must be unique on its page and made of letters, digits, _ . -");
        }
        if (StudyDefinition.RESERVED_QUESTION_IDS.contains(q.id())) {
            throw new IOException(where + ": the id is reserved by the server");
        }
        if (!QUESTION_TYPES.contains(q.type())) {
            throw new IOException(where + ": unknown type '" + q.type() + "'");
        }
        if ((q.type().equals("choice") || q.type().equals("likert")) && (q.options() == null || q.options().isEmpty())) {
            throw new IOException(where + ": a " + q.type() + " question needs options");
        }
        if (q.type().equals("slider") && (q.min() == null || q.max() == null || q.step() == null || q.step() <= 0 || q.min() >= q.max())) {
            throw new IOException(where + ": a slider needs min < max and step > 0");
        }
    }

    /** The video's real path; refused unless it is a regular file inside the folder, reached without a symbolic link. */
    private static Path resolveVideo(Path root, Path realRoot, Path json, String file) throws IOException {
        Path p = file == null ? null : root.resolve(file).normalize();
        if (p == null || !p.startsWith(root) || !Files.isRegularFile(p)) {
            throw new IOException(json + ": video '" + file + "' is not a file inside the study folder");
        }
        Path real = p.toRealPath();
        if (!real.equals(realRoot.resolve(root.relativize(p)))) {
            throw new IOException(json + ": video '" + file + "' is a symbolic link (or reached through one); the study folder must hold the file"
                    + " itself (copy it in, or rebuild the study)");
        }
        return real;
    }

    /**
     * Checks study.json and every video against checksums.sha256 (written by study build); refuses, with a
     * one-line IOException naming the file, a file that is not listed there or whose bytes differ.
     */
    public void verifyChecksums() throws IOException {
        Path sums = dir.resolve("checksums.sha256");
        if (!Files.isRegularFile(sums)) {
            throw new IOException(dir + " has no checksums.sha256; rebuild the study with: atari-saliency study build");
        }
        Map<String, String> listed = new HashMap<>();
        for (String line : Files.readAllLines(sums)) {
            java.util.regex.Matcher m = CHECKSUM_LINE.matcher(line);
            if (m.matches()) {
                listed.put(m.group(2), m.group(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        Map<String, String> actual = new LinkedHashMap<>();
        actual.put("study.json", sha256);
        for (Map.Entry<String, Path> v : videos.entrySet()) {
            String name = dir.relativize(dir.resolve(v.getKey()).normalize()).toString().replace('\\', '/');
            actual.put(name, org.atarisaliency.pipelines.Checksums.sha256(v.getValue()));
        }
        for (Map.Entry<String, String> f : actual.entrySet()) {
            String expected = listed.get(f.getKey());
            if (expected == null) {
                throw new IOException(dir.resolve(f.getKey()) + " is not listed in " + sums + "; rebuild the study with: atari-saliency study build");
            }
            if (!expected.equals(f.getValue())) {
                throw new IOException(dir.resolve(f.getKey()) + " differs from its sha256 in " + sums
                        + " (changed after study build); restore the file or rebuild the study");
            }
        }
    }

    /** The PNGs a page shows: its stills and its picture. */
    static List<StudyDefinition.Image> images(Page p) {
        List<StudyDefinition.Image> out = new java.util.ArrayList<>(nonNull(p.stills()));
        if (p.picture() != null) {
            out.add(p.picture());
        }
        return out;
    }

    /** Whether a served file is a PNG (a still or a picture) rather than a clip. */
    static boolean isImage(String file) {
        return file.endsWith(".png");
    }

    static boolean isHttpUrl(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        return (u.startsWith("https://") || u.startsWith("http://")) && url.chars().noneMatch(c -> c <= ' ');
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
