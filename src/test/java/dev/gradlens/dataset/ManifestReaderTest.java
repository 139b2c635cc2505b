package dev.gradlens.dataset;

import dev.gradlens.GradLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestReaderTest {
    @TempDir
    Path dir;

    @Test
    void csvWithBoxMaskRegionAndGroups() throws Exception {
        DatasetFixtures.png(dir.resolve("img/a.png"), 4, 3);
        DatasetFixtures.png(dir.resolve("img/b.png"), 4, 3);
        // object mask: pixels x in [1,3), y in [0,2) of a 4x3 image
        DatasetFixtures.mask(dir.resolve("masks/a.png"), 4, 3, 1, 0, 3, 2);
        DatasetFixtures.mask(dir.resolve("masks/sky.png"), 4, 3, 0, 0, 4, 1);
        Files.writeString(dir.resolve("set.csv"), String.join("\n",
                "path,label,x0,y0,x1,y1,mask,region:sky,gender,\"note, free\"",
                "img/a.png,tabby cat,,,,,masks/a.png,masks/sky.png,f,\"a, quoted \"\"field\"\"\"",
                "img/b.png,dog,0,1,2,3,,,m,",
                "img/a.png,tabby cat,,,,,,,f,again") + "\n");
        Dataset d = Datasets.open(dir.resolve("set.csv"));
        assertEquals(DatasetKind.MANIFEST, d.kind());
        assertEquals(3, d.items().size());
        DatasetItem a = d.items().get(0);
        assertEquals("img/a.png", a.path());
        assertEquals(Map.of("gender", "f", "note, free", "a, quoted \"field\""), a.groups());
        List<Region> ra = a.regions().load(4, 3);
        assertEquals(2, ra.size());
        Region obj = ra.get(0);
        assertEquals("object", obj.name());
        assertEquals("tabby cat", obj.label());
        assertArrayEquals(new int[] {1, 0, 3, 2}, new int[] {obj.x0(), obj.y0(), obj.x1(), obj.y1()}, "box from the mask");
        // row-major: row 0 = . X X . ; row 1 = . X X . ; row 2 = . . . .
        assertArrayEquals(new int[] {1, 2, 2, 2, 5}, obj.mask());
        Region sky = ra.get(1);
        assertEquals("sky", sky.name());
        assertNull(sky.label());
        assertArrayEquals(new int[] {0, 4, 8}, sky.mask());
        Region box = d.items().get(1).regions().load(4, 3).get(0);
        assertArrayEquals(new int[] {0, 1, 2, 3}, new int[] {box.x0(), box.y0(), box.x1(), box.y1()});
        assertNull(box.mask());
        assertFalse(d.items().get(1).duplicate());
        assertTrue(d.items().get(2).duplicate(), "the same file again");
    }

    @Test
    void tsvAndAMaskOfTheWrongSize() throws Exception {
        DatasetFixtures.mask(dir.resolve("m.png"), 5, 5, 0, 0, 1, 1);
        Files.writeString(dir.resolve("set.tsv"), "path\tlabel\tmask\nx.png\t3\tm.png\n");
        Dataset d = Datasets.open(dir.resolve("set.tsv"));
        assertEquals(List.of("3"), d.items().get(0).labels());
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> d.items().get(0).regions().load(4, 3));
        assertTrue(e.getMessage().contains("is 5×5 but the image is 4×3"), e.getMessage());
    }

    @Test
    void headerAndRowErrorsNameTheLine() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "file,class\nx.png,cat\n");
        assertTrue(assertThrows(GradLensException.class, () -> Datasets.open(dir.resolve("a.csv"))).getMessage().contains("needs 'path' and 'label'"));
        Files.writeString(dir.resolve("b.csv"), "path,label\nx.png,cat,extra\n");
        assertTrue(assertThrows(GradLensException.class, () -> Datasets.open(dir.resolve("b.csv"))).getMessage().contains("line 2: 3 fields"));
        Files.writeString(dir.resolve("c.csv"), "path,label,x0,y0\nx.png,cat,1,2\n");
        assertTrue(assertThrows(GradLensException.class, () -> Datasets.open(dir.resolve("c.csv"))).getMessage().contains("only some of the box columns"));
        Files.writeString(dir.resolve("d.csv"), "path,label,x0,y0,x1,y1\nx.png,cat,1,two,3,4\n");
        assertTrue(assertThrows(GradLensException.class, () -> Datasets.open(dir.resolve("d.csv"))).getMessage().contains("y0 'two' is not a number"));
    }
}
