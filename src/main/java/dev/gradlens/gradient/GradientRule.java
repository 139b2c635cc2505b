package dev.gradlens.gradient;

import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * The backward pass of one op family, written in standard ONNX ops. A rule only emits the
 * gradients asked for ({@link BackwardContext#wantsInputGrad}); weight gradients are never needed.
 */
public interface GradientRule {

    /** Whether a gradient flows into input {@code index} (false for shapes, axes, indices...). */
    boolean isDifferentiable(NodeProto node, int index);

    /** Emits nodes computing the wanted input gradients from the output gradients. */
    void backward(BackwardContext ctx);
}
