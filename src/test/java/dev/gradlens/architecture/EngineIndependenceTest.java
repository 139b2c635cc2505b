package dev.gradlens.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the data flow one way, checked on the compiled classes with ArchUnit (every reference:
 * imports, fully qualified names, static calls, field and parameter types): the engine never uses
 * JavaFX, each package uses only the packages upstream of it (onnx → gradient → inference → explain
 * → imaging → service → app/cli; catalog, scenes and tensor beside them), view models never use
 * views, and the data-set packages (dataset, run, metrics, audit, spark) sit below service/app/cli, one way among
 * themselves too (dataset and metrics → run → audit, spark).
 * Rules about a package that does not exist yet hold trivially (allowEmptyShould), so they already
 * guard packages other work is adding.
 */
class EngineIndependenceTest {
    private static final String ROOT = "dev.gradlens";
    private static JavaClasses classes;

    /** Packages each package must not use (downstream ones). */
    private static final Map<String, List<String>> FORBIDDEN = new LinkedHashMap<>();

    static {
        FORBIDDEN.put("onnx", List.of("gradient", "inference", "explain", "service", "app", "cli"));
        FORBIDDEN.put("gradient", List.of("inference", "explain", "service", "app", "cli"));
        FORBIDDEN.put("inference", List.of("explain", "service", "app", "cli"));
        FORBIDDEN.put("explain", List.of("service", "app", "cli"));
        FORBIDDEN.put("imaging", List.of("service", "app", "cli"));
        FORBIDDEN.put("service", List.of("app", "cli"));
        FORBIDDEN.put("cli", List.of("app"));
        FORBIDDEN.put("catalog", List.of("explain", "service", "app", "cli"));
        FORBIDDEN.put("scenes", List.of("app", "cli"));
        FORBIDDEN.put("tensor", List.of("onnx", "gradient", "inference", "explain", "imaging", "service", "app", "cli"));
        for (String dataSet : List.of("dataset", "run", "metrics", "audit", "spark")) FORBIDDEN.put(dataSet, List.of("service", "app", "cli"));
        // and among themselves one way too: dataset (readers) and metrics (the measures) below run (the engine and its
        // database), run below audit and spark (which read or drive runs); metrics used to reach back into run
        FORBIDDEN.put("dataset", List.of("run", "metrics", "audit", "spark", "service", "app", "cli"));
        FORBIDDEN.put("metrics", List.of("run", "audit", "spark", "service", "app", "cli"));
        FORBIDDEN.put("run", List.of("audit", "spark", "service", "app", "cli"));
        FORBIDDEN.put("audit", List.of("spark", "service", "app", "cli"));
    }

    /**
     * The one service class the data-set packages may use: the opened model (file, descriptor or guess,
     * labels, dequantized copy, sessions), so a data-set run opens a model exactly as `explain` does.
     * Everything else in service (the window's façade) stays downstream of them.
     */
    private static final String OPENED_MODEL = ROOT + ".service.ModelSession";
    private static final List<String> DATA_SET_PACKAGES = List.of("dataset", "run", "metrics", "audit", "spark");

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
        assertTrue(classes.size() > 100, "the main classes were found: " + classes.size());
    }

    @Test
    void onlyTheAppUsesJavaFx() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages(ROOT + ".app..")
                .and().doNotHaveFullyQualifiedName(ROOT + ".Launcher")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.kordamp.ikonli..")
                .because("the engine, the CLI and the data-set packages run without a display");
        rule.check(classes);
    }

    @Test
    void packagesOnlyUseUpstream() {
        List<String> failures = new ArrayList<>();
        for (var e : FORBIDDEN.entrySet()) {
            String[] down = e.getValue().stream().map(p -> ROOT + "." + p + "..").toArray(String[]::new);
            DescribedPredicate<JavaClass> downstream = JavaClass.Predicates.resideInAnyPackage(down);
            if (DATA_SET_PACKAGES.contains(e.getKey()))
                downstream = downstream.and(DescribedPredicate.describe("not " + OPENED_MODEL,
                        c -> !c.getName().equals(OPENED_MODEL) && !c.getName().startsWith(OPENED_MODEL + "$")));
            ArchRule rule = noClasses().that().resideInAPackage(ROOT + "." + e.getKey() + "..")
                    .should().dependOnClassesThat(downstream.as("classes in " + String.join(", ", down)))
                    .because("data flows one way").allowEmptyShould(true);
            try {
                rule.check(classes);
            } catch (AssertionError violation) {
                failures.add(violation.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void viewModelsNeverUseViews() {
        noClasses().that().resideInAPackage(ROOT + ".app.viewmodel..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".app.view..")
                .because("MVVM: views observe view models, never the other way").check(classes);
        noClasses().that().resideInAnyPackage(ROOT + ".app.render..", ROOT + ".app.task..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".app.view..", ROOT + ".app.viewmodel..")
                .allowEmptyShould(true).check(classes);
    }
}
