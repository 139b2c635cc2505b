package dev.gradlens.explain;

import dev.gradlens.testsupport.ReferenceSet;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opt-in check for engine changes that are meant to be faster and nothing else: every map of every
 * method on the reference set equals a snapshot saved before the change ({@link ReferenceMapsSnapshot},
 * bit-for-bit or within 1e-6 of the map's largest magnitude). Runs when {@code -Dgradlens.mapsBaseline=DIR}
 * names a saved snapshot (it takes about a minute: Score-CAM and SmoothGrad are included); skips otherwise.
 */
class ReferenceMapsRegressionTest {
    @Test
    void everyMapMatchesTheSavedSnapshot() throws Exception {
        String dir = System.getProperty("gradlens.mapsBaseline");
        assumeTrue(dir != null && !dir.isBlank(), "no -Dgradlens.mapsBaseline snapshot to compare with");
        Path base = Path.of(dir);
        ReferenceSet ref = ReferenceSet.load();
        StringBuilder failures = new StringBuilder();
        for (String m : ReferenceRuns.MODELS) {
            Path file = base.resolve(m + ".maps");
            assumeTrue(Files.exists(file), "snapshot lacks " + file);
            ReferenceMapsSnapshot.Report r = ReferenceMapsSnapshot.compare(ReferenceMapsSnapshot.read(file), ReferenceMapsSnapshot.compute(ref, m));
            System.out.println(m + ": " + r);
            if (!r.passes()) failures.append(m).append(": ").append(r).append('\n');
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
