package dev.gradlens.spark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Spark is a provided dependency, absent from the desktop app and the installer: no class outside
 * dev.gradlens.spark may import Spark, Hadoop or the job's package, and the job imports neither the
 * window nor the CLI (it sits below them, beside dataset and run).
 */
class SparkStaysOutOfTheDesktopTest {
    private static final Path SRC = Path.of("src/main/java/dev/gradlens");

    @Test
    void onlyTheSparkPackageImportsSparkOrHadoop() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(SRC)) {
            offenders = files.filter(f -> f.toString().endsWith(".java") && !SRC.relativize(f).startsWith("spark"))
                    .filter(f -> read(f).matches("(?s).*\\bimport\\s+(org\\.apache\\.(spark|hadoop)|dev\\.gradlens\\.spark)\\..*"))
                    .map(f -> SRC.relativize(f).toString()).toList();
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theJobImportsNeitherTheWindowNorTheCli() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(SRC.resolve("spark"))) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).matches("(?s).*\\bimport\\s+(javafx\\.|dev\\.gradlens\\.(app|cli)\\.).*"))
                    .map(f -> f.getFileName().toString()).toList();
        }
        assertEquals(List.of(), offenders);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
