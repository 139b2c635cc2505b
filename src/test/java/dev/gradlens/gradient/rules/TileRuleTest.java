package dev.gradlens.gradient.rules;

import dev.gradlens.gradient.GradientCheck;
import dev.gradlens.gradient.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tile against finite differences: repeats along one or several axes, and none. */
class TileRuleTest {

    @ParameterizedTest(name = "repeats {0} opset {1}")
    @CsvSource({"1;2;1, 13", "1;3;2, 13", "1;1;1, 13", "1;2;2, 18", "1;2;3, 7"})
    void inputGradientMatchesFiniteDifferences(String repeats, long opset) {
        long[] r = java.util.Arrays.stream(repeats.split(";")).mapToLong(Long::parseLong).toArray();
        TinyModel m = TinyModel.opset(opset).input("x", 1, 2, 3).longInitializer("r", r, 3);
        m.nodes().op("Tile").in("x", "r").into("t");
        m.nodes().op("Tanh").in("t").into("y");
        GradientCheck.of(m, "y").check("x");
    }
}
