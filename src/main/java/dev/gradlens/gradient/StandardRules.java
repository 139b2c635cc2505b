package dev.gradlens.gradient;

import dev.gradlens.gradient.rules.AveragePoolRule;
import dev.gradlens.gradient.rules.ClipRule;
import dev.gradlens.gradient.rules.ConcatRule;
import dev.gradlens.gradient.rules.ConvRule;
import dev.gradlens.gradient.rules.ElementwiseArithmeticRule;
import dev.gradlens.gradient.rules.GemmRule;
import dev.gradlens.gradient.rules.GlobalPoolRule;
import dev.gradlens.gradient.rules.MaxPoolRule;
import dev.gradlens.gradient.rules.PassThroughRule;
import dev.gradlens.gradient.rules.ReluRule;
import dev.gradlens.gradient.rules.ReshapeLikeRule;

/** The registry contents: one line per op family. docs/supported-ops.md is generated from it. */
final class StandardRules {
    private StandardRules() {
    }

    static RuleRegistry create() {
        RuleRegistry r = new RuleRegistry();
        r.register(new ConvRule(), "Conv");
        r.register(new GemmRule(), "Gemm");
        r.register(new ElementwiseArithmeticRule(), "Add", "Sub", "Mul", "Div");
        r.register(new ReluRule(), "Relu");
        r.register(new ClipRule(), "Clip");
        r.register(new MaxPoolRule(), "MaxPool");
        r.register(new AveragePoolRule(), "AveragePool");
        r.register(new GlobalPoolRule(), "GlobalAveragePool", "GlobalMaxPool");
        r.register(new PassThroughRule(), "Identity", "Dropout", "Cast");
        r.register(new ReshapeLikeRule(), "Flatten", "Reshape", "Squeeze", "Unsqueeze");
        r.register(new ConcatRule(), "Concat");
        // Outputs that do not depend differentiably on the inputs (shapes, comparisons, indices, constants).
        r.noGradient("Shape", "Size", "Constant", "ConstantOfShape", "Equal", "Greater", "Less", "GreaterOrEqual",
                "LessOrEqual", "Not", "And", "Or", "Xor", "ArgMax", "ArgMin", "NonZero", "Range", "Floor", "Ceil", "Round",
                "Sign", "IsNaN", "IsInf", "EyeLike", "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike");
        return r;
    }
}
