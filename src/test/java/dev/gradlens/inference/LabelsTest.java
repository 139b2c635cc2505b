package dev.gradlens.inference;

import dev.gradlens.GradLensException;
import dev.gradlens.imaging.SharedTestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;

class LabelsTest {
    private static final Labels SMALL = Labels.of(List.of(
            "tench, Tinca tinca", "goldfish", "crane", "tabby, tabby cat", "tiger cat", "Egyptian cat", "crane", "catamaran"));

    @Test
    void textFilesDropWordnetIdsAndPythonDictSyntax() {
        Labels wn = Labels.parse("n01440764 tench, Tinca tinca\nn01443537 goldfish, Carassius auratus\n\n", "l.txt");
        assertEquals(List.of("tench, Tinca tinca", "goldfish, Carassius auratus"), wn.names());
        Labels py = Labels.parse("{0: 'tench, Tinca tinca',\n 1: \"jack-o'-lantern\",\n 2: 'toilet tissue'}", "d.txt");
        assertEquals(List.of("tench, Tinca tinca", "jack-o'-lantern", "toilet tissue"), py.names());
        Labels crlf = Labels.parse("\uFEFFa\r\nb\r\n", "w.txt");
        assertEquals(List.of("a", "b"), crlf.names());
    }

    @Test
    void jsonListings() {
        assertEquals(List.of("a", "b"), Labels.parse("[\"a\", \"b\"]", "l.json").names());
        Labels keras = Labels.parse("{\"1\": [\"n01443537\", \"goldfish\"], \"0\": [\"n01440764\", \"tench\"]}", "idx.json");
        assertEquals(List.of("tench", "goldfish"), keras.names());
        assertThrows(GradLensException.class, () -> Labels.parse("{\"0\": \"a\", \"5\": \"b\"}", "gap.json"));
    }

    @Test
    void findByIndex() {
        assertEquals(OptionalInt.of(3), SMALL.find("3"));
        assertEquals(OptionalInt.of(3), SMALL.find(" #3 "));
        GradLensException e = assertThrows(GradLensException.class, () -> SMALL.find("8"));
        assertEquals("Class 8 is out of range (0–7)", e.getMessage());
        assertEquals(OptionalInt.of(5000), Labels.NONE.find("5000"), "without labels any index is allowed");
    }

    @Test
    void findPrefersExactThenPrefixThenSubstring() {
        assertEquals(OptionalInt.of(3), SMALL.find("Tabby"), "exact synonym beats the substring in 'tabby cat'");
        assertEquals(OptionalInt.of(0), SMALL.find("tinca tinca"), "exact second synonym");
        assertEquals(OptionalInt.of(5), SMALL.find("egypt"), "prefix");
        assertEquals(OptionalInt.of(1), SMALL.find("oldfi"), "substring");
        assertEquals(OptionalInt.of(7), SMALL.find("catam"), "prefix beats substring matches of 'cat'");
        assertEquals(OptionalInt.empty(), SMALL.find("zebra"));
        assertEquals(OptionalInt.empty(), SMALL.find("  "));
    }

    @Test
    void ambiguousTextListsCandidates() {
        GradLensException crane = assertThrows(GradLensException.class, () -> SMALL.find("crane"));
        assertEquals("'crane' matches 2 classes: 2 crane, 6 crane; type the class number or more of the name", crane.getMessage());
        GradLensException cat = assertThrows(GradLensException.class, () -> SMALL.find("cat"));
        assertTrue(cat.getMessage().startsWith("'cat' matches"), cat.getMessage());
        assertTrue(cat.getMessage().contains("4 tiger cat") && cat.getMessage().contains("5 Egyptian cat"), cat.getMessage());
    }

    @Test
    void namesAndDisplay() {
        assertEquals("goldfish", SMALL.name(1));
        assertEquals("class 99", SMALL.name(99));
        assertEquals("5 Egyptian cat", SMALL.display(5));
    }

    @Test
    void loadsFilesAndRefusesEmptyOnes(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("labels.txt"), "zero\none\n");
        assertEquals(List.of("zero", "one"), Labels.load(f).names());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n");
        assertTrue(assertThrows(GradLensException.class, () -> Labels.load(empty)).getMessage().contains("empty"));
        assertTrue(assertThrows(GradLensException.class, () -> Labels.load(dir.resolve("x.txt"))).getMessage().contains("not found"));
    }

    @Test
    void imagenetLabelsFromSharedModels() {
        Labels l = Labels.load(SharedTestFiles.require("models/mobilenet_v1_025/labels.txt"));
        assertEquals(1000, l.size());
        assertEquals(OptionalInt.of(285), l.find("Egyptian cat"));
        assertEquals(OptionalInt.of(285), l.find("egyptian"));
        assertEquals(OptionalInt.of(281), l.find("tabby"));
        GradLensException e = assertThrows(GradLensException.class, () -> l.find("crane"));
        assertTrue(e.getMessage().contains("134 crane") && e.getMessage().contains("517 crane"), e.getMessage());
        GradLensException many = assertThrows(GradLensException.class, () -> l.find("dog"));
        assertTrue(many.getMessage().contains("more)"), many.getMessage());
    }
}
