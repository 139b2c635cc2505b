package dev.gradlens.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a model "knows", in the words the status bar tooltip and the CLI notes use. */
class ModelInfoTest {
    @Test
    void smallVocabulariesAreNamedLargeOnesCounted() {
        assertEquals("knows 3 classes: apple, bicycle, cat; every image is scored as one of them",
                ModelInfo.knownClasses(List.of("apple", "bicycle", "cat")));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) many.add("c" + i);
        assertEquals("knows 21 classes", ModelInfo.knownClasses(many));
        assertEquals("", ModelInfo.knownClasses(List.of()));
    }
}
