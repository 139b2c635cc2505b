package dev.gradlens.dataset;

import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a data set's label texts into the model's class indices, trying in order: the exact label;
 * a class index ("285"); a WordNet id ("n02123159") through the model's synsets; one case-insensitive
 * match of the label or one of its comma-separated synonyms (underscores read as spaces, so the
 * folder {@code tiger_cat} finds "tiger cat"). Anything else stops the run before it starts, with
 * the closest model labels, so a typo is not discovered after an hour of computing.
 */
public final class LabelMatcher {
    private static final int CLOSEST = 3;
    private final List<String> labels;
    private final List<String> synsets;
    private final int classes;

    /**
     * @param labels  the model's labels (line i = class i; may be empty)
     * @param synsets the WordNet id of each class (may be empty)
     * @param classes the model's class count
     */
    public LabelMatcher(List<String> labels, List<String> synsets, int classes) {
        this.labels = List.copyOf(labels);
        this.synsets = List.copyOf(synsets);
        this.classes = classes;
    }

    /** The WordNet ids in {@code synsets.txt} beside the model (first token per line), or none. */
    public static List<String> synsetsBeside(Path model) {
        Path dir = model.toAbsolutePath().getParent();
        Path f = dir == null ? null : dir.resolve("synsets.txt");
        if (f == null || !Files.isRegularFile(f)) return List.of();
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.isEmpty()) continue;
                out.add(t.split("[\\s,]+")[0]);
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Matches every text; all of them must match.
     *
     * @throws GradLensException listing every unmatched or ambiguous text with the closest labels
     */
    public Map<String, Integer> matchAll(Collection<String> texts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String t : new LinkedHashSet<>(texts)) {
            Set<Integer> m = candidates(t);
            if (m.size() == 1) {
                out.put(t, m.iterator().next());
            } else if (m.isEmpty()) {
                problems.add("'" + t + "' (closest: " + String.join(", ", closest(t)) + ")");
            } else {
                List<String> shown = new ArrayList<>();
                for (int c : m) if (shown.size() < CLOSEST) shown.add(c + " " + labels.get(c));
                problems.add("'" + t + "' (ambiguous: " + String.join(", ", shown) + (m.size() > CLOSEST ? ", …" : "") + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new GradLensException(problems.size() + " data-set label" + (problems.size() == 1 ? "" : "s")
                    + " match no model class: " + String.join("; ", problems));
        }
        return out;
    }

    /** The class of one text, or -1 when it matches none or several. */
    public int match(String text) {
        Set<Integer> m = candidates(text);
        return m.size() == 1 ? m.iterator().next() : -1;
    }

    private Set<Integer> candidates(String text) {
        String t = text.strip();
        Set<Integer> exact = new LinkedHashSet<>();
        for (int i = 0; i < labels.size(); i++) if (labels.get(i).equals(t)) exact.add(i);
        if (exact.size() == 1) return exact;
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() < 10) {
            int idx = Integer.parseInt(t);
            if (idx < classes) return Set.of(idx);
        }
        if (t.matches("n\\d{8}")) {
            Set<Integer> wn = new LinkedHashSet<>();
            for (int i = 0; i < synsets.size(); i++) if (synsets.get(i).equals(t)) wn.add(i);
            if (!wn.isEmpty()) return wn;
        }
        String n = normal(t);
        Set<Integer> loose = new LinkedHashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String full = normal(labels.get(i));
            if (full.equals(n)) loose.add(i);
            for (String syn : full.split(",")) if (syn.strip().equals(n)) loose.add(i);
        }
        return loose.isEmpty() ? exact : loose;
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', ' ').strip().replaceAll("\\s+", " ");
    }

    /** The model labels nearest to {@code text} by {@link #similarity} (over the label and its synonyms). */
    List<String> closest(String text) {
        if (labels.isEmpty()) return List.of("the model has no labels: use class indices 0–" + (classes - 1));
        String n = normal(text);
        Integer[] idx = new Integer[labels.size()];
        int[] dist = new int[labels.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
            int best = similarity(n, normal(labels.get(i)));
            for (String syn : normal(labels.get(i)).split(",")) best = Math.min(best, similarity(n, syn.strip()));
            dist[i] = best;
        }
        java.util.Arrays.sort(idx, (a, b) -> dist[a] != dist[b] ? Integer.compare(dist[a], dist[b]) : Integer.compare(a, b));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(CLOSEST, idx.length); i++) out.add("'" + labels.get(idx[i]) + "'");
        return out;
    }

    /**
     * The smaller of the edit distances of the texts as typed and with their words sorted (a
     * "token sort" distance): 'retriever gold' is near 'golden retriever'.
     */
    static int similarity(String a, String b) {
        return Math.min(distance(a, b), distance(sortedWords(a), sortedWords(b)));
    }

    private static String sortedWords(String s) {
        return String.join(" ", java.util.Arrays.stream(s.split(" ")).sorted().toList());
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
