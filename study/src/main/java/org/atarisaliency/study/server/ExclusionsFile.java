package org.atarisaliency.study.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.study.ExclusionRule;
import org.atarisaliency.study.ExclusionRules;

/**
 * exclusions.json: the rules {@code study export} applied, in order, each with the participants.csv column it tests, the
 * test, and its plain-words text, so that an analysis applies exactly them (notebooks/user_study.ipynb does).
 */
final class ExclusionsFile {
    /** The format tag of exclusions.json. */
    static final String FORMAT = "atari-saliency-exclusions/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExclusionsFile() {
    }

    static void write(ExclusionRules rules, Path file) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ExclusionRule r : rules.applied()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", r.rule());
            m.put("value", r.value() == null ? Boolean.TRUE : r.value());
            m.put("column", ExclusionRules.column(r.rule()));
            m.put("excludes_when", ExclusionRules.test(r));
            m.put("text", ExclusionRules.describe(r));
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("order", "a participant's excluded_by is the first rule below that excludes them; included = no rule does");
        root.put("rules", list);
        OutputFiles.writeText(file, JSON.writeValueAsString(root) + "\n");
    }
}
