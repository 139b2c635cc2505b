package dev.gradlens.scenes;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipArtClassesTest {
    private final ClipArtClasses classes = ClipArtClasses.load();

    @Test
    void tenClassesIncludingCatAndDogAndTheBiasClass() {
        assertEquals(10, classes.classes().size());
        assertTrue(classes.names().containsAll(java.util.List.of("cat", "dog", "horse")));
        assertEquals("openclipart-png", classes.packageName());
    }

    @Test
    void trainAndTestSourcesAreDisjointWithinAndAcrossClasses() {
        Set<String> seen = new HashSet<>();
        for (ClipArtClasses.ClassEntry c : classes.classes()) {
            for (String s : c.train()) assertTrue(seen.add(s), "used twice: " + s);
            for (String s : c.test()) assertTrue(seen.add(s), "used twice: " + s);
            Set<String> overlap = new HashSet<>(c.train());
            overlap.retainAll(c.test());
            assertTrue(overlap.isEmpty(), c.name() + " train/test overlap " + overlap);
        }
    }

    @Test
    void aboutAQuarterOfEachClassIsHeldOut() {
        for (ClipArtClasses.ClassEntry c : classes.classes()) {
            double f = c.test().size() / (double) (c.test().size() + c.train().size());
            assertTrue(f >= 0.2 && f <= 0.35, c.name() + " holds out " + f);
            assertTrue(c.train().size() >= 6, c.name() + " has too few training sources");
        }
    }

    @Test
    void everyListedSourceExists() {
        Path root = ClipArtLibrary.defaultRoot();
        dev.gradlens.testsupport.RequiredTestData.requireClipArt(Files.isDirectory(root));
        for (ClipArtClasses.ClassEntry c : classes.classes()) {
            for (String s : c.train()) assertTrue(Files.isRegularFile(root.resolve(s)), s);
            for (String s : c.test()) assertTrue(Files.isRegularFile(root.resolve(s)), s);
        }
    }
}
