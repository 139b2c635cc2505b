package dev.gradlens.service;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/coverage.md true: every committed architecture fixture is checked again as `gradlens coverage`
 * checks it, and its row in the table must say the same (the torchvision rows need the large exports of
 * src/tools/export_torchvision_families.py and are regenerated with them).
 */
class CoverageTableTest {

    @Test
    void fixtureRowsAreTrue() throws Exception {
        String doc = Files.readString(Path.of("docs/coverage.md"));
        List<CoverageCheck.Result> results = CoverageCheck.checkAll(Path.of("src/test/resources/dev/gradlens/arch"));
        assertFalse(results.isEmpty());
        String table = CoverageCheck.table(results);
        for (String row : table.split("\n")) {
            if (row.startsWith("| `")) assertTrue(doc.contains(row), "docs/coverage.md is stale (run gradlens coverage): missing row " + row);
        }
        for (CoverageCheck.Result r : results) assertTrue(r.explains(), r.model() + " op" + r.opset() + ": " + r.status());
    }
}
