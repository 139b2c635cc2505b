package dev.gradlens.gradient.rules;

import dev.gradlens.onnx.GraphEditor;

/**
 * Interleaves the s² phases of a gradient computed on an s-times coarser grid (sub-pixel convolutions, the
 * MaxPool backward) into the full grid: [S, C·s², q_y, q_x] with channel-major phases (channel c·s² + φy·s + φx)
 * becomes [S, C, s·q_y, s·q_x] with out[c, s·i + φy, s·j + φx] = in[c·s² + φy·s + φx, i, j].
 *
 * <p>Done as a depthwise ConvTranspose (C groups of s² input channels, stride s, s×s one-hot kernels: no two taps
 * land on one position), not as DepthToSpace: ONNX Runtime's DepthToSpace is a generic 6-D shuffle, and on ResNet-18's
 * MaxPool backward ([1, 256, 57, 57] → [1, 64, 114, 114]) it took 1.23 ms of kernel time at one thread against 0.6 ms
 * for the ConvTranspose, 1.55 ms against about 0.5 at two (docs/performance.md, "Changes of 2026-12-04 (night)").
 * Each output is one input value times 1 plus zeros, so the values are the same as DepthToSpace's.
 */
final class PhaseInterleave {
    private PhaseInterleave() {
    }

    static String apply(GraphEditor ed, String phases, int channels, int s) {
        String w = ed.memo("phase-interleave:" + channels + ":" + s, () -> {
            int p = s * s;
            float[] v = new float[channels * p * p];
            for (int c = 0; c < channels; c++) for (int k = 0; k < p; k++) v[(c * p + k) * p + k] = 1f;
            return ed.constFloats("interleave", v, (long) channels * p, 1, s, s);
        });
        return ed.op("ConvTranspose").in(phases, w).attr("group", (long) channels).attr("strides", new long[] {s, s})
                .attr("kernel_shape", new long[] {s, s}).out();
    }

    /** The phases given as s² separate [S, C, q_y, q_x] tensors (phase-major order), stacked channel-major first. */
    static String apply(GraphEditor ed, String[] phases, int channels, int s, int qy, int qx) {
        String[] u = new String[phases.length];
        for (int p = 0; p < u.length; p++) u[p] = ed.unsqueeze(phases[p], 2);
        String stacked = ed.reshape(ed.op("Concat").in(u).attr("axis", 2L).out(), new long[] {0, (long) channels * s * s, qy, qx});
        return apply(ed, stacked, channels, s);
    }
}
