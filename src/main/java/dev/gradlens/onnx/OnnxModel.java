package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;

import java.nio.file.Path;

/**
 * A parsed, validated ONNX model with its external data (if any) inlined, so it can be edited and
 * handed to ONNX Runtime as bytes without losing weights.
 *
 * @param source where it came from (null for models built in memory)
 * @param proto  the model
 */
public record OnnxModel(Path source, ModelProto proto) {

    /** Version of the default ("" / "ai.onnx") operator set the graph is written in. */
    public long opset() {
        return opset(proto);
    }

    public static long opset(ModelProto proto) {
        for (OperatorSetIdProto id : proto.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) return id.getVersion();
        }
        return 1;
    }

    public String displayName() {
        return source == null ? "model" : source.getFileName().toString();
    }

    public OnnxGraph graph() {
        return new OnnxGraph(proto.getGraph());
    }
}
