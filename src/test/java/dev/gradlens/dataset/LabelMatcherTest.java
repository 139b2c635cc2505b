package dev.gradlens.dataset;

import dev.gradlens.GradLensException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelMatcherTest {
    // ImageNet-like: a synonym list, a duplicated label (ImageNet has two 'crane's), WordNet ids
    static final List<String> LABELS = List.of("tench, Tinca tinca", "tiger cat", "crane", "tabby, tabby cat", "crane", "Tiger");
    static final List<String> SYNSETS = List.of("n01440764", "n02123159", "n02012849", "n02123045", "n03126707", "n00000005");
    final LabelMatcher m = new LabelMatcher(LABELS, SYNSETS, LABELS.size());

    @Test
    void exactLabelFirst() {
        assertEquals(1, m.match("tiger cat"));
        assertEquals(5, m.match("Tiger")); // exact beats the case-insensitive reading
    }

    @Test
    void classIndex() {
        assertEquals(4, m.match("4"));
        assertEquals(-1, m.match("6"), "out of range");
    }

    @Test
    void wordNetIdThroughSynsets() {
        assertEquals(2, m.match("n02012849"));
        assertEquals(4, m.match("n03126707"), "the two cranes are told apart by their WordNet ids");
        assertEquals(-1, new LabelMatcher(LABELS, List.of(), 6).match("n02012849"), "no synsets: no WordNet match");
    }

    @Test
    void oneCaseInsensitiveMatchOfLabelOrSynonym() {
        assertEquals(1, m.match("TIGER_CAT"));
        assertEquals(3, m.match("Tabby Cat"));
        assertEquals(0, m.match("tinca tinca"));
        assertEquals(-1, m.match("crane"), "two classes are called crane");
    }

    @Test
    void unmatchedAndAmbiguousLabelsAreListedTogether() {
        Map<String, Integer> ok = m.matchAll(List.of("tiger cat", "3", "tiger cat"));
        assertEquals(Map.of("tiger cat", 1, "3", 3), ok);
        GradLensException e = assertThrows(GradLensException.class, () -> m.matchAll(List.of("tigre cat", "crane", "tench")));
        assertTrue(e.getMessage().startsWith("2 data-set labels match no model class: 'tigre cat' (closest: 'tiger cat'"), e.getMessage());
        assertTrue(e.getMessage().contains("'crane' (ambiguous: 2 crane, 4 crane)"), e.getMessage());
    }

    @Test
    void closestUsesWordOrderTooAndModelsWithoutLabelsAskForIndices() {
        assertEquals("'tiger cat'", m.closest("cat tiger").get(0));
        GradLensException e = assertThrows(GradLensException.class, () -> new LabelMatcher(List.of(), List.of(), 10).matchAll(List.of("dog")));
        assertTrue(e.getMessage().contains("use class indices 0–9"), e.getMessage());
    }

    @Test
    void editDistanceByHand() {
        assertEquals(3, LabelMatcher.distance("kitten", "sitting"));
        assertEquals(0, LabelMatcher.distance("", ""));
        assertEquals(4, LabelMatcher.distance("", "abcd"));
    }
}
