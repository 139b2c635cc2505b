package dev.gradlens.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keeps the data flow one way: the engine never imports JavaFX, and each package imports only the
 * packages upstream of it (onnx → gradient → inference → explain → imaging → service → app/cli).
 */
class EngineIndependenceTest {
    private static final Path SRC = Path.of("src/main/java/dev/gradlens");

    /** Packages each package must not import (downstream ones). */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "onnx", List.of("gradient", "inference", "explain", "service", "app", "cli"),
            "gradient", List.of("inference", "explain", "service", "app", "cli"),
            "inference", List.of("explain", "service", "app", "cli"),
            "explain", List.of("service", "app", "cli"),
            "imaging", List.of("service", "app", "cli"),
            "service", List.of("app", "cli"),
            "cli", List.of("app"),
            "catalog", List.of("explain", "service", "app", "cli"),
            "scenes", List.of("app", "cli"),
            "audit", List.of("service", "app", "cli"));

    @Test
    void onlyTheAppImportsJavaFx() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path f : javaFiles()) {
            String rel = SRC.relativize(f).toString();
            if (rel.startsWith("app/") || rel.equals("Launcher.java")) continue;
            if (Files.readString(f).matches("(?s).*\\bimport\\s+(static\\s+)?javafx\\..*")) offenders.add(rel);
        }
        assertEquals(List.of(), offenders, "engine classes importing JavaFX");
    }

    @Test
    void packagesOnlyImportUpstream() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path f : javaFiles()) {
            String rel = SRC.relativize(f).toString();
            int slash = rel.indexOf('/');
            if (slash < 0) continue;
            String pkg = rel.substring(0, slash);
            String text = Files.readString(f);
            for (String down : FORBIDDEN.getOrDefault(pkg, List.of())) {
                if (text.contains("import dev.gradlens." + down + ".") || text.contains(" dev.gradlens." + down + ".")) {
                    offenders.add(rel + " uses " + down);
                }
            }
        }
        assertEquals(List.of(), offenders, "imports against the data flow");
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> s = Files.walk(SRC)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
