package dev.gradlens.run.browse;

import dev.gradlens.GradLensException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The run's class labels ({@code run.labels_json}, index = class) and how a user names a class on the command line. */
public record RunLabels(List<String> labels) {
    public RunLabels {
        labels = List.copyOf(labels);
    }

    /** The label of a class, "class N" when the model has none, "?" for null. */
    public String label(Integer index) {
        if (index == null) return "?";
        if (index >= 0 && index < labels.size() && !labels.get(index).isBlank()) return labels.get(index);
        return "class " + index;
    }

    /**
     * A class given as an index, an exact label, or one unambiguous case-insensitive label; otherwise
     * a one-line message listing the closest labels.
     */
    public int resolve(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            int i = Integer.parseInt(t);
            if (labels.isEmpty() || i < labels.size()) return i;
            throw new GradLensException("Class " + i + " is outside the run's " + labels.size() + " classes");
        }
        int exact = labels.indexOf(t);
        if (exact >= 0) return exact;
        List<Integer> ci = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) if (labels.get(i).equalsIgnoreCase(t)) ci.add(i);
        if (ci.size() == 1) return ci.get(0);
        if (ci.size() > 1) throw new GradLensException("Class '" + t + "' matches several labels: " + ci);
        List<String> close = new ArrayList<>();
        String low = t.toLowerCase(Locale.ROOT);
        for (String l : labels) if (l.toLowerCase(Locale.ROOT).contains(low) && close.size() < 5) close.add("'" + l + "'");
        throw new GradLensException("No class '" + t + "' in the run's labels"
                + (close.isEmpty() ? " (give a label or a class index)" : "; did you mean " + String.join(", ", close) + "?"));
    }
}
