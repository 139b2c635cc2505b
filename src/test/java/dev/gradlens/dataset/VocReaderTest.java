package dev.gradlens.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VocReaderTest {
    @TempDir
    Path dir;

    @Test
    void objectsBecomeLabelsBoxesAndGroups() throws Exception {
        Files.createDirectories(dir.resolve("Annotations"));
        Files.createDirectories(dir.resolve("JPEGImages"));
        Files.writeString(dir.resolve("Annotations/2007_000002.xml"), """
                <annotation><filename>2007_000002.jpg</filename>
                  <object><name>dog</name><pose>Left</pose><truncated>1</truncated><difficult>0</difficult>
                    <bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>
                  <object><name>cat</name><pose>Frontal</pose><truncated>0</truncated><difficult>0</difficult>
                    <bndbox><xmin>10</xmin><ymin>20</ymin><xmax>30.0</xmax><ymax>40</ymax></bndbox></object>
                  <object><name>dog</name><difficult>0</difficult></object>
                </annotation>""");
        Files.writeString(dir.resolve("Annotations/2007_000001.xml"), "<annotation><filename>2007_000001.jpg</filename></annotation>");
        Dataset d = Datasets.open(dir);
        assertEquals(DatasetKind.VOC, d.kind());
        assertEquals(List.of("JPEGImages/2007_000001.jpg", "JPEGImages/2007_000002.jpg"), d.items().stream().map(DatasetItem::path).toList());
        DatasetItem it = d.items().get(1);
        assertEquals(List.of("dog", "cat"), it.labels());
        assertEquals(Map.of("pose", "Left", "truncated", "yes", "difficult", "no"), it.groups());
        List<Region> r = it.regions().load(50, 50);
        assertEquals(2, r.size());
        // VOC corners are 1-based and inclusive: xmin 1..xmax 3 are pixels 0, 1, 2 → [0, 3)
        assertArrayEquals(new int[] {0, 1, 3, 4}, new int[] {r.get(0).x0(), r.get(0).y0(), r.get(0).x1(), r.get(0).y1()});
        assertEquals("cat", r.get(1).label());
        assertNull(r.get(1).mask());
        assertEquals(List.of(), d.items().get(0).labels());
    }
}
