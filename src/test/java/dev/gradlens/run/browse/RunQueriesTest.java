package dev.gradlens.run.browse;

import dev.gradlens.GradLensException;
import dev.gradlens.run.RunDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read side over the worked example of {@link RunFixture#example}: ten images, labels cat, dog,
 * fox, wolf. Expected numbers are counted by hand from the fixture's rows:
 * correct = images 0, 3, 6 of the eight labelled readable ones; mistakes by confidence 4, 1, 2, 5, 9.
 */
class RunQueriesTest {
    @TempDir
    Path dir;

    private static List<Integer> ids(List<ImageRow> rows) {
        return rows.stream().map(ImageRow::imageId).toList();
    }

    @Test
    void summaryCountsAndAccuracy() throws Exception {
        try (RunQueries q = RunQueries.open(RunFixture.example(dir).write())) {
            RunSummary s = q.summary();
            assertEquals(10, s.images());
            assertEquals(9, s.ok());
            assertEquals(1, s.failed());
            assertEquals(8, s.labelled());
            assertEquals(3, s.correct());
            assertEquals(3.0 / 8, s.accuracy(), 1e-12);
            assertEquals(5, s.mistakes());
            assertEquals("toy.onnx", s.modelName());
            assertEquals(List.of("gradcam"), s.methods());
            assertEquals("layer4", s.layer());
            List<FailedImage> failed = q.failedImages(0);
            assertEquals(1, failed.size());
            assertEquals("unreadable", failed.get(0).status());
            assertEquals("cat/broken.jpg", failed.get(0).path());
        }
    }

    @Test
    void perClassAccuracyAndConfusionMatrix() throws Exception {
        try (RunQueries q = RunQueries.open(RunFixture.example(dir).write())) {
            List<ClassAccuracy> acc = q.classAccuracy();
            assertEquals(List.of(new ClassAccuracy(0, "cat", 3, 1), new ClassAccuracy(1, "dog", 2, 1), new ClassAccuracy(2, "fox", 3, 1)), acc);
            ConfusionMatrix m = q.confusion();
            assertEquals(List.of(0, 1, 2), m.classes());
            assertEquals(List.of("cat", "dog", "fox"), m.labels());
            assertArrayEquals(new long[] {1, 2, 0, 0}, m.counts()[0]);
            assertArrayEquals(new long[] {1, 1, 0, 0}, m.counts()[1]);
            assertArrayEquals(new long[] {0, 1, 1, 1}, m.counts()[2]); // fox → wolf lands in "other"
            assertTrue(m.hasOther());
            assertEquals(2, m.max());
        }
    }

    @Test
    void failureFiltersAndOrders() throws Exception {
        try (RunQueries q = RunQueries.open(RunFixture.example(dir).write())) {
            FailureFilter mistakes = FailureFilter.mistakes();
            assertEquals(List.of(4, 1, 2, 5, 9), ids(q.rows(mistakes)));
            assertEquals(List.of(4, 1), ids(q.rows(mistakes.withMinConfidence(0.7))));
            assertEquals(List.of(1, 2), ids(q.rows(mistakes.withTrueClass(0).withPredictedClass(1))));
            assertEquals(List.of(5, 9), ids(q.rows(mistakes.withTrueClass(2))));
            assertEquals(List.of(1, 5, 9), ids(q.rows(mistakes.withGroup("background", "snow"))));
            assertEquals(List.of(9, 5, 2, 1, 4), ids(q.rows(mistakes.withSort(FailureFilter.Sort.MARGIN_ASCENDING))));
            assertEquals(List.of(4, 1, 2, 5, 9), ids(q.rows(mistakes.withSort(FailureFilter.Sort.MARGIN))));
            assertEquals(List.of(4, 1), ids(q.rows(mistakes.withLimit(2))));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 8, 9), ids(q.rows(FailureFilter.all())));

            ImageRow r = q.rows(mistakes).get(0);
            assertEquals("dog", r.trueLabel());
            assertEquals("cat", r.predictedLabel());
            assertEquals(0.95f, (float) r.confidence());
            assertEquals(0.90f, (float) r.margin());
            assertEquals(false, r.correct());
            assertEquals("background=grass", r.groupText());
            assertTrue(Files.isRegularFile(q.imageFile(r, q.summary())), "the row's image file is found from dataset_path");
            ImageRow unlabelled = q.rows(FailureFilter.all()).get(7);
            assertNull(unlabelled.trueClass());
            assertNull(unlabelled.correct());
        }
    }

    @Test
    void inMemoryFilterAgreesWithTheSql() throws Exception {
        try (RunQueries q = RunQueries.open(RunFixture.example(dir).write())) {
            List<ImageRow> all = q.rows(FailureFilter.all());
            for (FailureFilter f : List.of(FailureFilter.mistakes(), FailureFilter.mistakes().withMinConfidence(0.7),
                    FailureFilter.all().withTrueClass(0).withPredictedClass(1), FailureFilter.all().withGroup("background", "grass"),
                    FailureFilter.mistakes().withSort(FailureFilter.Sort.MARGIN_ASCENDING))) {
                assertEquals(ids(q.rows(f)), ids(all.stream().filter(f::test).sorted(f.comparator()).toList()), f.toString());
            }
        }
    }

    @Test
    void groupsList() throws Exception {
        try (RunQueries q = RunQueries.open(RunFixture.example(dir).write())) {
            assertEquals(java.util.Map.of("background", List.of("grass", "snow")), q.groups());
        }
    }

    @Test
    void storedMapsDecodeLittleEndianFloat32() throws Exception {
        RunFixture f = RunFixture.example(dir).map(4, "gradcam", 1, 2, 3, 1.5f, -2f, 0f, 0.25f, 3f, 1e-3f);
        try (RunQueries q = RunQueries.open(f.write())) {
            StoredMap m = q.map(4, "gradcam", 1);
            assertEquals(2, m.height());
            assertEquals(3, m.width());
            assertArrayEquals(new float[] {1.5f, -2f, 0f, 0.25f, 3f, 1e-3f}, m.data());
            assertArrayEquals(new int[] {2, 3}, m.tensor().shape());
            assertNull(q.map(4, "gradcampp", 1));
        }
        // 1.5f is 0x3FC00000: little-endian bytes 00 00 C0 3F (written by hand, not by the fixture's encoder)
        StoredMap hand = RunQueries.decode("gradcam", 0, false, 1, 1, 2, new byte[] {0, 0, (byte) 0xC0, 0x3F, 0, 0, 0, (byte) 0xC0});
        assertArrayEquals(new float[] {1.5f, -2f}, hand.data());
        GradLensException e = assertThrows(GradLensException.class, () -> RunQueries.decode("gradcam", 0, false, 1, 2, 2, new byte[8]));
        assertTrue(e.getMessage().contains("needs 16"), e.getMessage());
    }

    @Test
    void parquetFolderGivesTheSameAnswers() throws Exception {
        Path file = RunFixture.example(dir).map(4, "gradcam", 1, 1, 2, 0.5f, 2f).write();
        Path pq = RunFixture.toParquet(file, dir.resolve("pq"));
        try (RunQueries q = RunQueries.open(pq)) {
            assertEquals(3.0 / 8, q.summary().accuracy(), 1e-12);
            assertEquals(List.of(4, 1, 2, 5, 9), ids(q.rows(FailureFilter.mistakes())));
            assertArrayEquals(new long[] {0, 1, 1, 1}, q.confusion().counts()[2]);
            assertArrayEquals(new float[] {0.5f, 2f}, q.map(4, "gradcam", 1).data());
            assertEquals(List.of(1, 5, 9), ids(q.rows(FailureFilter.mistakes().withGroup("background", "snow"))));
        }
    }

    @Test
    void runStillOpenForWritingInThisProcessCanBeRead() throws Exception {
        Path file = RunFixture.example(dir).write();
        try (RunDatabase writer = RunDatabase.openForWriting(file); RunQueries q = RunQueries.open(file)) {
            assertEquals(10, q.summary().images());
            try (Statement s = writer.connection().createStatement()) {
                s.execute("INSERT INTO images (image_id, path, status, true_class, predicted_class, confidence, margin, correct)"
                        + " VALUES (10, 'dog/x.png', 'ok', 1, 0, 0.99, 0.98, false)");
            }
            assertEquals(List.of(10, 4, 1, 2, 5, 9), ids(q.rows(FailureFilter.mistakes())), "rows committed by the writer are seen");
        }
    }

    @Test
    void badRunsGiveOneLineMessages() throws Exception {
        GradLensException missing = assertThrows(GradLensException.class, () -> RunQueries.open(dir.resolve("nope.duckdb")));
        assertEquals("No run at " + dir.resolve("nope.duckdb"), missing.getMessage());

        Path empty = Files.createFile(dir.resolve("empty.duckdb"));
        assertTrue(assertThrows(GradLensException.class, () -> RunQueries.open(empty)).getMessage().contains("is empty (0 bytes)"));

        Path garbage = Files.writeString(dir.resolve("garbage.duckdb"), "this is not a database, just text ".repeat(200));
        String g = assertThrows(GradLensException.class, () -> RunQueries.open(garbage)).getMessage();
        assertFalse(g.contains("\n"), g);

        Path newer = new RunFixture(dir.resolve("v99")).version(99).image(0, 0, 0, 0.9, 0.5).write();
        assertTrue(assertThrows(GradLensException.class, () -> RunQueries.open(newer)).getMessage().contains("schema version 99"));

        Path noRun = new RunFixture(dir.resolve("norun")).withoutRunRow().write();
        assertTrue(assertThrows(GradLensException.class, () -> RunQueries.open(noRun)).getMessage().contains("has no run record"));

        Path notARun = dir.resolve("other.duckdb");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + notARun); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
        }
        assertTrue(assertThrows(GradLensException.class, () -> RunQueries.open(notARun)).getMessage().contains("is not a GradLens run"));
    }

    @Test
    void labelsResolveByIndexLabelOrCase() {
        RunLabels l = new RunLabels(List.of("cat", "dog", "Hot dog"));
        assertEquals(1, l.resolve("dog"));
        assertEquals(2, l.resolve("hot DOG"));
        assertEquals(0, l.resolve("0"));
        assertEquals("class 7", l.label(7));
        String m = assertThrows(GradLensException.class, () -> l.resolve("do")).getMessage();
        assertTrue(m.contains("did you mean 'dog', 'Hot dog'"), m);
        assertThrows(GradLensException.class, () -> l.resolve("9"));
    }
}
