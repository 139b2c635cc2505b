package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.gradlens.gradient.GradientRule;

/** Base for rules whose gradient flows into input 0 only (other inputs are weights, shapes or axes). */
abstract class InputZeroOnly implements GradientRule {
    @Override
    public boolean isDifferentiable(NodeProto node, int index) {
        return index == 0;
    }
}
