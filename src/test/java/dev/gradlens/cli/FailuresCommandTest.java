package dev.gradlens.cli;

import dev.gradlens.run.browse.RunFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gradlens failures} on the worked example (RunFixture.example: mistakes by confidence 4, 1, 2, 5, 9). */
class FailuresCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        /** The image ids of the table's rows, top to bottom. */
        List<Integer> ids() {
            return out.lines().filter(l -> l.matches("\\s*\\d+ .*")).map(l -> Integer.parseInt(l.trim().split("\\s+")[0])).toList();
        }
    }

    static Run run(String... args) {
        CommandLine cl = GradLensCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsMistakesMostConfidentFirst() throws Exception {
        Path file = RunFixture.example(dir).write();
        Run r = run("failures", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(4, 1, 2, 5, 9), r.ids());
        assertTrue(r.out().contains("accuracy 37.5 % (3 of 8)"), r.out());
        assertTrue(r.out().contains("1 image(s) could not be used"), r.out());
        String row4 = r.out().lines().filter(l -> l.trim().startsWith("4 ")).findFirst().orElseThrow();
        assertTrue(row4.matches("\\s*4\\s+dog\\s+cat\\s+0\\.950\\s+0\\.900\\s+dog/img4\\.png\\s+background=grass"), row4);
    }

    @Test
    void filters() throws Exception {
        Path file = RunFixture.example(dir).write();
        assertEquals(List.of(4, 1), run("failures", file.toString(), "--min-confidence", "0.7").ids());
        assertEquals(List.of(1, 2), run("failures", file.toString(), "--confused", "cat,dog").ids());
        assertEquals(List.of(1, 2), run("failures", file.toString(), "--confused", "0,1").ids());
        assertEquals(List.of(5, 9), run("failures", file.toString(), "--class", "FOX").ids());
        assertEquals(List.of(1, 5, 9), run("failures", file.toString(), "--group", "background=snow").ids());
        assertEquals(List.of(4, 1), run("failures", file.toString(), "--limit", "2").ids());
        assertEquals(List.of(9, 5, 2, 1, 4), run("failures", file.toString(), "--sort", "margin-asc").ids());
        assertEquals(List.of(0, 1, 2), run("failures", file.toString(), "--all", "--class", "cat", "--sort", "image").ids());
        assertTrue(run("failures", file.toString(), "--limit", "2").out().contains("5 images (first 2 shown"));
    }

    @Test
    void parquetFolderToo() throws Exception {
        Path pq = RunFixture.toParquet(RunFixture.example(dir).write(), dir.resolve("pq"));
        assertEquals(List.of(1, 5, 9), run("failures", pq.toString(), "--group", "background=snow").ids());
    }

    @Test
    void badInputIsOneLineExitTwo() throws Exception {
        Path file = RunFixture.example(dir).write();
        assertOneLineError(run("failures", dir.resolve("missing.duckdb").toString()), "No run at");
        assertOneLineError(run("failures", file.toString(), "--class", "zebra"), "No class 'zebra'");
        assertOneLineError(run("failures", file.toString(), "--confused", "cat"), "--confused takes two classes");
        assertOneLineError(run("failures", file.toString(), "--min-confidence", "1.5"), "between 0 and 1");
        assertOneLineError(run("failures", file.toString(), "--group", "snow"), "NAME=VALUE");
        assertOneLineError(run("failures", file.toString(), "--sort", "size"), "--sort must be");
        Path text = Files.writeString(dir.resolve("notes.duckdb"), "not a database ".repeat(100));
        assertOneLineError(run("failures", text.toString()), "notes.duckdb");
        Path v2 = new RunFixture(dir.resolve("v2")).version(2).image(0, 0, 0, 0.9, 0.5).write();
        assertOneLineError(run("failures", v2.toString()), "schema version 2");
    }

    @Test
    void sortsByAMetricOfThePredictedClassLeastFaithfulFirst() throws Exception {
        // MetricQueriesTest's rows: Grad-CAM drops of the mistakes 1, 2, 4, 5, 9 are 0.50, NULL, 0.20, 0.90, 0.70
        Path file = dev.gradlens.run.browse.MetricQueriesTest.exampleWithMetrics(dir);
        Run r = run("failures", file.toString(), "--sort", "average-drop");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(5, 9, 1, 4, 2), r.ids());
        assertTrue(r.out().contains("mistakes by gradcam's average-drop, least faithful first: 5 images"), r.out());
        String row5 = r.out().lines().filter(l -> l.trim().startsWith("5 ")).findFirst().orElseThrow();
        assertTrue(row5.matches("\\s*5\\s+fox\\s+dog\\s+0\\.500\\s+0\\.100\\s+0\\.9000\\s+fox/img5\\.png\\s+background=snow"), row5);
        String row2 = r.out().lines().filter(l -> l.trim().startsWith("2 ")).findFirst().orElseThrow();
        assertTrue(row2.contains(" undefined "), row2);
        assertEquals(List.of(4, 1, 9, 5, 2), run("failures", file.toString(), "--sort", "average-drop-asc").ids());
        assertEquals(List.of(5, 9, 1, 4, 2), run("failures", file.toString(), "--sort", "average-drop-desc").ids());
        // Grad-CAM++: 0.40, 0.20, 0.25, 0.10, 0.70
        assertEquals(List.of(9, 1, 4, 2, 5), run("failures", file.toString(), "--sort", "average-drop", "--method", "gradcampp").ids());
        assertEquals(List.of(1, 2, 4, 5, 9), run("failures", file.toString(), "--sort", "insertion-auc").ids());
        assertEquals(List.of(9, 1), run("failures", file.toString(), "--sort", "average-drop", "--method", "gradcampp", "--limit", "2").ids());
    }

    @Test
    void aMetricSortTheRunCannotServeIsOneLine() throws Exception {
        Path file = dev.gradlens.run.browse.MetricQueriesTest.exampleWithMetrics(dir);
        assertOneLineError(run("failures", file.toString(), "--sort", "average-drop", "--method", "layercam"), "no metrics of layercam");
        assertOneLineError(run("failures", file.toString(), "--sort", "road-morf"), "no road-morf values");
        assertOneLineError(run("failures", file.toString(), "--method", "gradcam"), "--method goes with --sort METRIC");
        assertOneLineError(run("failures", file.toString(), "--sort", "drop"), "average-drop");
        Path plain = RunFixture.example(dir.resolve("plain")).write();
        assertOneLineError(run("failures", plain.toString(), "--sort", "deletion-auc"), "The run has no metrics");
    }

    @Test
    void runWithoutImagesSaysSo() throws Exception {
        Path file = new RunFixture(dir).write();
        Run r = run("failures", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("The run has no images yet."), r.out());
    }

    static void assertOneLineError(Run r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("gradlens: error: "), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
