package dev.gradlens.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Things an audit skipped or could not measure, counted by kind with the first example of each, so a
 * data set with 5,000 bad masks gives one line, not 5,000. Thread-safe.
 */
public final class Notes {
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, String> examples = new LinkedHashMap<>();

    public synchronized void add(String kind, String example) {
        counts.computeIfAbsent(kind, k -> new long[1])[0]++;
        examples.putIfAbsent(kind, example);
    }

    /** A note that stands alone (no count), e.g. about a group column. */
    public synchronized void say(String line) {
        counts.putIfAbsent(line, null);
    }

    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            if (e.getValue() == null) out.add(e.getKey());
            else out.add(e.getValue()[0] + " × " + e.getKey() + " (first: " + examples.get(e.getKey()) + ")");
        }
        return out;
    }

    public synchronized long count(String kind) {
        long[] c = counts.get(kind);
        return c == null ? 0 : c[0];
    }

    public synchronized boolean isEmpty() {
        return counts.isEmpty();
    }
}
