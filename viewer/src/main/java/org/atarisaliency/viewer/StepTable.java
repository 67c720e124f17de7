package org.atarisaliency.viewer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numeric columns of a CSV (a recording's steps.csv, an analysis folder's memory.csv ...), one array per column; text columns
 * (action_name) are kept as text. A 100k-row steps.csv is a few MB of doubles: the plots' series are cut from it by {@link Series}.
 */
final class StepTable {
    private final Map<String, double[]> numbers;
    private final Map<String, String[]> texts;
    private final int rows;

    private StepTable(Map<String, double[]> numbers, Map<String, String[]> texts, int rows) {
        this.numbers = numbers;
        this.texts = texts;
        this.rows = rows;
    }

    static StepTable read(Path csv) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null) {
                throw new IOException(csv + " is empty");
            }
            String[] names = head.split(",", -1);
            List<String[]> lines = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line.split(",", -1));
                }
            }
            Map<String, double[]> numbers = new LinkedHashMap<>();
            Map<String, String[]> texts = new LinkedHashMap<>();
            for (int c = 0; c < names.length; c++) {
                double[] v = new double[lines.size()];
                String[] text = new String[lines.size()];
                boolean numeric = true;
                for (int i = 0; i < lines.size(); i++) {
                    String cell = c < lines.get(i).length ? lines.get(i)[c].trim() : "";
                    text[i] = cell;
                    if (numeric) { // one failed parse makes it a text column: no exception per row
                        v[i] = parse(cell);
                        numeric = !Double.isNaN(v[i]) || cell.isEmpty() || cell.equalsIgnoreCase("nan");
                    }
                }
                if (numeric) {
                    numbers.put(names[c], v);
                } else {
                    texts.put(names[c], text);
                }
            }
            return new StepTable(numbers, texts, lines.size());
        }
    }

    private static double parse(String cell) {
        if (cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false")) {
            return cell.equalsIgnoreCase("true") ? 1 : 0;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    int rows() {
        return rows;
    }

    /** The numeric columns' names, in the file's order. */
    List<String> numericColumns() {
        return List.copyOf(numbers.keySet());
    }

    /** A numeric column, or null. */
    double[] column(String name) {
        return numbers.get(name);
    }

    /** A text column, or null. */
    String[] text(String name) {
        return texts.get(name);
    }
}
