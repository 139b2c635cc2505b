package dev.gradlens.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** COCO instances on 5×4 images; the expected masks were worked out by hand (see the comments). */
class CocoReaderTest {
    @TempDir
    Path dir;

    @Test
    void labelsByAreaBoxesAndMasksOfAllThreeEncodings() throws Exception {
        Path ann = Files.createDirectories(dir.resolve("annotations"));
        DatasetFixtures.png(dir.resolve("val/one.png"), 5, 4);
        DatasetFixtures.png(dir.resolve("val/two.png"), 5, 4);
        Files.writeString(ann.resolve("instances_val.json"), """
                {"images": [{"id": 2, "file_name": "two.png", "width": 5, "height": 4},
                            {"id": 1, "file_name": "one.png", "width": 5, "height": 4},
                            {"id": 3, "file_name": "three.png", "width": 5, "height": 4}],
                 "categories": [{"id": 17, "name": "cat"}, {"id": 18, "name": "dog"}],
                 "annotations": [
                   {"id": 10, "image_id": 1, "category_id": 18, "area": 2, "bbox": [4, 0, 1, 2], "iscrowd": 1,
                    "segmentation": {"size": [4, 5], "counts": [16, 2, 2]}},
                   {"id": 11, "image_id": 1, "category_id": 17, "area": 4, "bbox": [1, 1, 2, 2], "iscrowd": 0,
                    "segmentation": [[1, 1, 3, 1, 3, 3, 1, 3]]},
                   {"id": 12, "image_id": 2, "category_id": 18, "area": 2, "bbox": [4.0, 0.2, 1.0, 1.5], "iscrowd": 0,
                    "segmentation": {"size": [4, 5], "counts": "`022"}}]}
                """);
        Dataset d = Datasets.open(dir);
        assertEquals(DatasetKind.COCO, d.kind());
        assertEquals(List.of("one.png", "two.png", "three.png"), d.items().stream().map(DatasetItem::path).toList(), "by image id");
        assertEquals(dir.resolve("val/one.png").toAbsolutePath(), d.items().get(0).file().toAbsolutePath(), "annotations/instances_val.json → val/");
        assertEquals(List.of("cat", "dog"), d.items().get(0).labels(), "the larger area first");
        assertEquals(Map.of("crowd", "yes"), d.items().get(0).groups());
        assertEquals(List.of(), d.items().get(2).labels());

        List<Region> one = d.items().get(0).regions().load(5, 4);
        // uncompressed RLE is column-major: pixels 16, 17 are column 4, rows 0-1 → row-major indices 4 and 9
        assertEquals("dog", one.get(0).label());
        assertArrayEquals(new int[] {4, 1, 4, 1, 10}, one.get(0).mask());
        assertArrayEquals(new int[] {4, 0, 5, 2}, box(one.get(0)));
        // the square polygon (1,1)-(3,3) covers the pixel centres of x, y in {1, 2}
        assertEquals("cat", one.get(1).label());
        assertArrayEquals(new int[] {6, 2, 3, 2, 7}, one.get(1).mask());
        // compressed "`022" decodes to the counts [16, 2, 2] (pycocotools' string form); fractional bbox rounds outwards
        Region two = d.items().get(1).regions().load(5, 4).get(0);
        assertArrayEquals(new int[] {4, 1, 4, 1, 10}, two.mask());
        assertArrayEquals(new int[] {4, 0, 5, 2}, box(two));
    }

    @Test
    void compressedCountsByHand() {
        assertArrayEquals(new int[] {16, 2, 2}, Masks.cocoCounts("`022"));
        // a fourth count is stored as the difference from the second: -1 is the 5-bit group 11111 (sign bit 0x10
        // set, no continuation) = 31 + 48 = 'O', and 2 + (-1) = 1
        assertArrayEquals(new int[] {16, 2, 2, 1}, Masks.cocoCounts("`022O"));
    }

    private static int[] box(Region r) {
        return new int[] {r.x0(), r.y0(), r.x1(), r.y1()};
    }
}
