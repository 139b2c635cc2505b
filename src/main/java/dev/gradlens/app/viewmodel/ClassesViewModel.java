package dev.gradlens.app.viewmodel;

import dev.gradlens.service.ClassScore;
import dev.gradlens.service.Prediction;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class to explain: the top-k list with probabilities, search over every label and index,
 * and keyboard picks. Touched on the FX thread, except {@link #suggest(String)} which the
 * autocompletion calls from its own thread and only reads an immutable snapshot.
 */
public final class ClassesViewModel {
    public static final int MAX_K = 50;
    public static final int SUGGESTIONS = 12;
    private static final Pattern TRAILING_INDEX = Pattern.compile("\\((\\d+)\\)\\s*$");

    /** One line of the top-k list; {@code outsideTopK} marks a searched class shown below the top k. */
    public record ClassRow(int rank, ClassScore score, boolean outsideTopK) {
    }

    /** One search suggestion; probability is NaN before a prediction. */
    public record ClassOption(int index, String label, float probability) {
        @Override
        public String toString() {
            return label + " (" + index + ")";
        }
    }

    private record Snapshot(List<String> labels, float[] probabilities) {
    }

    private final IntegerProperty k = new SimpleIntegerProperty(this, "k", 5) {
        @Override
        public void set(int v) {
            super.set(Math.max(1, Math.min(MAX_K, v)));
        }
    };
    private final BooleanProperty keepClass = new SimpleBooleanProperty(this, "keepClass", false);
    private final ReadOnlyObjectWrapper<Prediction> prediction = new ReadOnlyObjectWrapper<>(this, "prediction");
    private final ReadOnlyIntegerWrapper selectedIndex = new ReadOnlyIntegerWrapper(this, "selectedIndex", -1);
    private final ReadOnlyObjectWrapper<ClassScore> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObservableList<ClassRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ClassRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private volatile Snapshot snapshot = new Snapshot(List.of(), new float[0]);

    public ClassesViewModel() {
        k.addListener((o, a, b) -> rebuildRows());
    }

    public IntegerProperty kProperty() {
        return k;
    }

    /** When on, a new image keeps the chosen class instead of jumping to its top-1 (for comparing images). */
    public BooleanProperty keepClassProperty() {
        return keepClass;
    }

    public ReadOnlyObjectProperty<Prediction> predictionProperty() {
        return prediction.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty selectedIndexProperty() {
        return selectedIndex.getReadOnlyProperty();
    }

    public int getSelectedIndex() {
        return selectedIndex.get();
    }

    public ReadOnlyObjectProperty<ClassScore> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ObservableList<ClassRow> rows() {
        return rowsView;
    }

    public List<String> labels() {
        return snapshot.labels();
    }

    public String labelOf(int index) {
        List<String> l = snapshot.labels();
        return index >= 0 && index < l.size() ? l.get(index) : "class " + index;
    }

    /** A new model: its labels; the old prediction no longer applies. */
    public void setLabels(List<String> labels) {
        snapshot = new Snapshot(List.copyOf(labels), new float[labels.size()]);
        java.util.Arrays.fill(snapshot.probabilities(), Float.NaN);
        prediction.set(null);
        int keep = keepClass.get() && selectedIndex.get() < labels.size() ? selectedIndex.get() : -1;
        setSelection(keep);
        rebuildRows();
    }

    /** A new prediction: selects its top-1, or keeps the chosen class when asked to. */
    public void setPrediction(Prediction p) {
        prediction.set(p);
        List<String> labels = snapshot.labels();
        float[] probs = new float[Math.max(labels.size(), maxIndex(p) + 1)];
        java.util.Arrays.fill(probs, Float.NaN);
        List<String> merged = new ArrayList<>(labels);
        while (merged.size() < probs.length) merged.add("class " + merged.size());
        for (ClassScore c : p.ranked()) {
            probs[c.index()] = c.probability();
            if (c.label() != null && !c.label().isBlank()) merged.set(c.index(), c.label());
        }
        snapshot = new Snapshot(List.copyOf(merged), probs);
        int keep = selectedIndex.get();
        boolean keepIt = keepClass.get() && keep >= 0 && contains(p, keep);
        setSelection(keepIt ? keep : p.ranked().isEmpty() ? -1 : p.ranked().get(0).index());
        rebuildRows();
    }

    public void select(int index) {
        if (index < 0 || index >= snapshot.labels().size()) return;
        setSelection(index);
        rebuildRows();
    }

    /** Keys 1–9: the n-th most probable class (1-based). */
    public void pickTop(int n) {
        Prediction p = prediction.get();
        if (p == null || n < 1 || n > p.ranked().size()) return;
        select(p.ranked().get(n - 1).index());
    }

    public void moveUp() {
        step(-1);
    }

    public void moveDown() {
        step(+1);
    }

    private void step(int delta) {
        Prediction p = prediction.get();
        int current = selectedIndex.get();
        if (p == null) {
            int n = snapshot.labels().size();
            if (n > 0) select(Math.max(0, Math.min(n - 1, current < 0 ? 0 : current + delta)));
            return;
        }
        int rank = rankOf(p, current);
        int next = rank < 0 ? 0 : Math.max(0, Math.min(p.ranked().size() - 1, rank + delta));
        select(p.ranked().get(next).index());
    }

    /**
     * Classes matching what was typed: an index ("281"), or part of a label ("tabby"), best first
     * (exact index, label start, word start, anywhere; then by probability). Safe on any thread.
     */
    public List<ClassOption> suggest(String text) {
        Snapshot s = snapshot;
        String q = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) return List.of();
        List<String> labels = s.labels();
        Matcher m = TRAILING_INDEX.matcher(q);
        if (m.find()) {
            int idx = parse(m.group(1));
            if (idx >= 0 && idx < labels.size()) return List.of(option(s, idx));
        }
        record Hit(int index, int quality, float probability) {
        }
        List<Hit> hits = new ArrayList<>();
        boolean numeric = q.chars().allMatch(Character::isDigit);
        for (int i = 0; i < labels.size(); i++) {
            int quality = -1;
            if (numeric) {
                String idx = Integer.toString(i);
                if (idx.equals(q)) quality = 0;
                else if (idx.startsWith(q)) quality = 1;
            }
            String label = labels.get(i).toLowerCase(Locale.ROOT);
            int at = label.indexOf(q);
            if (at >= 0) {
                int lq = at == 0 ? 2 : !Character.isLetterOrDigit(label.charAt(at - 1)) ? 3 : 4;
                quality = quality < 0 ? lq : Math.min(quality, lq);
            }
            if (quality >= 0) {
                float p = i < s.probabilities().length ? s.probabilities()[i] : Float.NaN;
                hits.add(new Hit(i, quality, p));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::quality)
                .thenComparing(h -> Float.isNaN(h.probability()) ? 0f : -h.probability())
                .thenComparingInt(Hit::index));
        List<ClassOption> out = new ArrayList<>();
        for (Hit h : hits) {
            if (out.size() == SUGGESTIONS) break;
            out.add(option(s, h.index()));
        }
        return out;
    }

    /** Enter in the search field: selects the best match; false when nothing matches. */
    public boolean chooseFromSearch(String text) {
        List<ClassOption> options = suggest(text);
        if (options.isEmpty()) return false;
        select(options.get(0).index());
        return true;
    }

    private ClassOption option(Snapshot s, int idx) {
        float p = idx < s.probabilities().length ? s.probabilities()[idx] : Float.NaN;
        return new ClassOption(idx, s.labels().get(idx), p);
    }

    private void setSelection(int index) {
        selectedIndex.set(index);
        if (index < 0) {
            selected.set(null);
            return;
        }
        Prediction p = prediction.get();
        ClassScore score = p != null && contains(p, index) ? p.of(index) : new ClassScore(index, labelOf(index), Float.NaN, Float.NaN);
        selected.set(score);
    }

    private void rebuildRows() {
        Prediction p = prediction.get();
        List<ClassRow> out = new ArrayList<>();
        if (p != null) {
            List<ClassScore> top = p.top(k.get());
            for (int i = 0; i < top.size(); i++) out.add(new ClassRow(i + 1, top.get(i), false));
            int sel = selectedIndex.get();
            int rank = rankOf(p, sel);
            if (sel >= 0 && rank >= top.size()) out.add(new ClassRow(rank + 1, p.ranked().get(rank), true));
        }
        rows.setAll(out);
    }

    private static int rankOf(Prediction p, int index) {
        List<ClassScore> r = p.ranked();
        for (int i = 0; i < r.size(); i++) if (r.get(i).index() == index) return i;
        return -1;
    }

    private static boolean contains(Prediction p, int index) {
        return rankOf(p, index) >= 0;
    }

    private static int maxIndex(Prediction p) {
        int m = -1;
        for (ClassScore c : p.ranked()) m = Math.max(m, c.index());
        return m;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
