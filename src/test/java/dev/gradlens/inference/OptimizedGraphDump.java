package dev.gradlens.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtSession;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.service.ModelSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/** Developer tool (not a test): the 5-panel graph as ONNX Runtime optimises it (NCHWc nodes, reorders), one line per node. */
public final class OptimizedGraphDump {
    private OptimizedGraphDump() {
    }

    public static void main(String[] args) throws Exception {
        try (ModelSession s = ModelSession.open(Path.of(args[0]), null, null, Device.CPU)) {
            ExplainableModel em = s.explainable();
            byte[] bytes = em.graphFor(s.defaultLayer(), EnumSet.of(RectifierPolicy.GUIDED)).toByteArray();
            Path out = Path.of(args[1]);
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                o.setOptimizedModelFilePath(out.toString());
                OrtRuntime.env().createSession(bytes, o).close();
            }
            ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
            for (NodeProto n : m.getGraph().getNodeList()) {
                System.out.println(n.getOpType() + " " + n.getName() + " <- " + String.join(",", n.getInputList()) + " -> " + String.join(",", n.getOutputList()));
            }
        }
    }
}
