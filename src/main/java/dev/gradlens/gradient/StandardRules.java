package dev.gradlens.gradient;

import dev.gradlens.gradient.rules.AveragePoolRule;
import dev.gradlens.gradient.rules.BatchNormalizationRule;
import dev.gradlens.gradient.rules.ClipRule;
import dev.gradlens.gradient.rules.ConcatRule;
import dev.gradlens.gradient.rules.ConvRule;
import dev.gradlens.gradient.rules.EinsumRule;
import dev.gradlens.gradient.rules.ElementwiseArithmeticRule;
import dev.gradlens.gradient.rules.GatherRule;
import dev.gradlens.gradient.rules.GeluRule;
import dev.gradlens.gradient.rules.GemmRule;
import dev.gradlens.gradient.rules.GlobalPoolRule;
import dev.gradlens.gradient.rules.LeakyReluRule;
import dev.gradlens.gradient.rules.LrnRule;
import dev.gradlens.gradient.rules.MatMulRule;
import dev.gradlens.gradient.rules.MaxPoolRule;
import dev.gradlens.gradient.rules.PReluRule;
import dev.gradlens.gradient.rules.PadRule;
import dev.gradlens.gradient.rules.PassThroughRule;
import dev.gradlens.gradient.rules.PowRule;
import dev.gradlens.gradient.rules.ResizeRule;
import dev.gradlens.gradient.rules.GroupNormalizationRule;
import dev.gradlens.gradient.rules.TileRule;
import dev.gradlens.gradient.rules.ExpandRule;
import dev.gradlens.gradient.rules.WhereRule;
import dev.gradlens.gradient.rules.MaxMinRule;
import dev.gradlens.gradient.rules.NormalizationRule;
import dev.gradlens.gradient.rules.ReduceRule;
import dev.gradlens.gradient.rules.ReluRule;
import dev.gradlens.gradient.rules.ReshapeLikeRule;
import dev.gradlens.gradient.rules.SliceRule;
import dev.gradlens.gradient.rules.SmoothActivationRule;
import dev.gradlens.gradient.rules.SoftmaxRule;
import dev.gradlens.gradient.rules.SplitRule;
import dev.gradlens.gradient.rules.SumMeanRule;
import dev.gradlens.gradient.rules.TransposeRule;

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
        r.register(new LeakyReluRule(), "LeakyRelu");
        r.register(new PReluRule(), "PRelu");
        r.register(new SmoothActivationRule(), SmoothActivationRule.OPS);
        r.register(new BatchNormalizationRule(), "BatchNormalization");
        r.register(new ReduceRule(), "ReduceSum", "ReduceMean");
        r.register(new TransposeRule(), "Transpose");
        r.register(new SplitRule(), "Split");
        r.register(new SliceRule(), "Slice");
        r.register(new GatherRule(), "Gather");
        r.register(new PadRule(), "Pad");
        r.register(new SumMeanRule(), "Sum", "Mean");
        r.register(new LrnRule(), "LRN");
        r.register(new SoftmaxRule(), "Softmax", "LogSoftmax");
        r.register(new MatMulRule(), "MatMul");
        r.register(new EinsumRule(), "Einsum");
        r.register(new PowRule(), "Pow");
        r.register(new ResizeRule(), "Resize", "Upsample");
        r.register(new GroupNormalizationRule(), "GroupNormalization");
        r.register(new TileRule(), "Tile");
        r.register(new ExpandRule(), "Expand");
        r.register(new WhereRule(), "Where");
        r.register(new MaxMinRule(), "Max", "Min");
        r.register(new NormalizationRule(), "LayerNormalization", "InstanceNormalization");
        r.register(new GeluRule(), "Gelu", "com.microsoft:Gelu", "com.microsoft:BiasGelu", "com.microsoft:FastGelu");
        // Outputs that do not depend differentiably on the inputs (shapes, comparisons, indices, constants).
        r.noGradient("Shape", "Size", "Constant", "ConstantOfShape", "Equal", "Greater", "Less", "GreaterOrEqual",
                "LessOrEqual", "Not", "And", "Or", "Xor", "ArgMax", "ArgMin", "NonZero", "Range", "Floor", "Ceil", "Round",
                "Sign", "IsNaN", "IsInf", "EyeLike", "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike");
        return r;
    }
}
