package dev.gradlens.dataset;

import dev.gradlens.GradLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    @Test
    void classFoldersInNameOrderWithTheirFiles() throws Exception {
        DatasetFixtures.png(dir.resolve("tabby/b.png"), 4, 4);
        DatasetFixtures.png(dir.resolve("tabby/a.png"), 4, 4);
        DatasetFixtures.png(dir.resolve("n02099601/x.png"), 4, 4);
        Files.writeString(dir.resolve("tabby/.DS_Store"), "hidden");
        Files.writeString(dir.resolve("README.txt"), "a file at the root is not a class");
        Dataset d = Datasets.open(dir);
        assertEquals(DatasetKind.IMAGEFOLDER, d.kind());
        assertEquals(List.of("n02099601/x.png", "tabby/a.png", "tabby/b.png"), d.items().stream().map(DatasetItem::path).toList());
        assertEquals(List.of(0, 1, 2), d.items().stream().map(DatasetItem::index).toList());
        assertEquals(List.of("tabby"), d.items().get(2).labels());
        assertEquals(List.of("n02099601", "tabby"), List.copyOf(d.labelTexts()));
    }

    @Test
    void fingerprintFollowsPathsAndLabels() throws Exception {
        DatasetFixtures.png(dir.resolve("cat/a.png"), 4, 4);
        String before = Datasets.open(dir).fingerprint();
        assertEquals(before, Datasets.open(dir).fingerprint());
        DatasetFixtures.png(dir.resolve("cat/b.png"), 4, 4);
        assertNotEquals(before, Datasets.open(dir).fingerprint());
    }

    @Test
    void emptyFolderIsAClearError() throws Exception {
        GradLensException e = assertThrows(GradLensException.class, () -> Datasets.open(dir));
        assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
        Files.createDirectories(dir.resolve("cat"));
        e = assertThrows(GradLensException.class, () -> Datasets.open(dir));
        assertTrue(e.getMessage().contains("hold no files"), e.getMessage());
    }
}
