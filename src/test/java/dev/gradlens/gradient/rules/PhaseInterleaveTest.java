package dev.gradlens.gradient.rules;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.gradlens.gradient.TinyModel;
import dev.gradlens.inference.OrtRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.FloatBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PhaseInterleave}: out[n, c, s·i + φy, s·j + φx] = in[n, c·s² + φy·s + φx, i, j], checked value for value (bit for
 * bit: each output is one input times 1) against that definition written out here, for both entry points.
 */
class PhaseInterleaveTest {
    @ParameterizedTest
    @CsvSource({"2,3,2,5,4", "1,2,3,4,3", "3,1,2,1,2"})
    void interleavesChannelMajorPhases(int rows, int channels, int s, int qy, int qx) throws Exception {
        int p = s * s;
        float[] in = RuleTestSupport.gaussian(rows * channels * p * qy * qx, 7);
        float[] expected = new float[in.length];
        int h = s * qy, w = s * qx;
        for (int n = 0; n < rows; n++)
            for (int c = 0; c < channels; c++)
                for (int py = 0; py < s; py++)
                    for (int px = 0; px < s; px++)
                        for (int i = 0; i < qy; i++)
                            for (int j = 0; j < qx; j++)
                                expected[((n * channels + c) * h + s * i + py) * w + s * j + px] =
                                        in[(((n * channels + c) * p + py * s + px) * qy + i) * qx + j];

        TinyModel stacked = TinyModel.opset(13).input("x", rows, (long) channels * p, qy, qx);
        stacked.nodes().op("Identity").in(PhaseInterleave.apply(stacked.nodes(), "x", channels, s)).into("y");
        assertBitForBit(expected, run(stacked.build("y"), in, new long[] {rows, (long) channels * p, qy, qx}), "one stacked tensor");

        // the same values as s² separate phase tensors [rows, C, qy, qx], phase-major
        TinyModel split = TinyModel.opset(13).input("x", rows, (long) channels * p, qy, qx);
        var ed = split.nodes();
        String grouped = ed.reshape("x", new long[] {rows, channels, p, qy, qx});
        String[] phases = new String[p];
        for (int k = 0; k < p; k++) phases[k] = ed.squeeze(ed.slice(grouped, new long[] {k}, new long[] {k + 1}, new long[] {2}), 2);
        ed.op("Identity").in(PhaseInterleave.apply(ed, phases, channels, s, qy, qx)).into("y");
        assertBitForBit(expected, run(split.build("y"), in, new long[] {rows, (long) channels * p, qy, qx}), "separate phases");
    }

    private static void assertBitForBit(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    private static float[] run(ModelProto m, float[] x, long[] shape) throws Exception {
        try (OrtSession s = OrtRuntime.env().createSession(m.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor t = OrtRuntime.tensor(x, shape);
             OrtSession.Result r = s.run(Map.of("x", t))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }
}
