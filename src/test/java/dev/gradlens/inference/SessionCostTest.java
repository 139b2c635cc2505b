package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.gradlens.onnx.TensorInfo;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A session's estimated cost: initializer bytes by element type, activations without the weights, plus the overhead. */
class SessionCostTest {
    private static TensorProto tensor(String name, int type, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    private static final ModelProto MODEL = ModelProto.newBuilder().setGraph(GraphProto.newBuilder()
            .addInitializer(tensor("w", 1, 2, 3))      // float: 6 × 4 = 24 bytes
            .addInitializer(tensor("shape", 7, 4))     // int64: 4 × 8 = 32
            .addInitializer(tensor("half", 10, 10))    // float16: 10 × 2 = 20
            .addInitializer(tensor("mask", 9, 5, 1))   // bool: 5 × 1 = 5
            .addInitializer(tensor("scalar", 1))).build(); // float scalar: 4

    @Test
    void weightBytesCountEachInitializersElementsTimesItsElementSize() {
        assertEquals(24 + 32 + 20 + 5 + 4, SessionCost.weightBytes(MODEL));
    }

    @Test
    void activationsAreTheComputedTensorsOnly() {
        Map<String, TensorInfo> shapes = Map.of(
                "x", new TensorInfo(1, new int[] {1, 3, 4, 4}),   // 48 floats: 192 bytes
                "idx", new TensorInfo(7, new int[] {2}),          // 2 int64: 16 bytes
                "w", new TensorInfo(1, new int[] {2, 3}));        // an initializer: not an activation
        assertEquals(192 + 16, SessionCost.activationBytes(MODEL, shapes));
        assertEquals(85 + 208 + SessionCost.OVERHEAD, SessionCost.of(MODEL, 208));
    }
}
