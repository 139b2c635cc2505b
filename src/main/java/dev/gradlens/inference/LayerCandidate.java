package dev.gradlens.inference;

import dev.gradlens.tensor.Tensor;

import java.util.Arrays;

/**
 * A tensor a CAM can be computed on, on the gradient path to the score: a feature map [1, C, h, w]
 * (NCHW), a channels-last grid [1, h, w, C] (Swin stages, ConvNeXt's permuted blocks), or a token
 * sequence [1, t + h·w, C] whose first t tokens (class, distillation) are dropped and the rest read
 * as a row-major h×w grid (ViT, DeiT), as pytorch-grad-cam's reshape_transform does.
 *
 * @param layout      how the tensor maps to [C, h, w]
 * @param extraTokens leading non-patch tokens dropped (TOKENS only)
 * @param gridH       grid height h (for TOKENS; for grids it is read from the shape)
 * @param gridW       grid width w
 */
public record LayerCandidate(String tensor, int[] shape, String producerOp, String producerNode, int depth, Kind layout,
                             int extraTokens, int gridH, int gridW) {

    /** How a candidate's values map to [C, h, w]. */
    public enum Kind { NCHW, NHWC, TOKENS }

    /** An NCHW feature map (the form every convolutional network has). */
    public LayerCandidate(String tensor, int[] shape, String producerOp, String producerNode, int depth) {
        this(tensor, shape, producerOp, producerNode, depth, Kind.NCHW, 0, shape[2], shape[3]);
    }

    /** [C, h, w] of one image. */
    public int[] grid() {
        return switch (layout) {
            case NCHW -> new int[] {shape[1], shape[2], shape[3]};
            case NHWC -> new int[] {shape[3], shape[1], shape[2]};
            case TOKENS -> new int[] {shape[2], gridH, gridW};
        };
    }

    /**
     * The tensor as the model returns it ([B, ...] in this candidate's layout) to [B, C, h, w]: NCHW as is,
     * NHWC transposed, tokens without the extra ones, transposed from [h·w, C].
     */
    public Tensor toGrid(Tensor t) {
        if (layout == Kind.NCHW) return t;
        int[] g = grid();
        int c = g[0], h = g[1], w = g[2], n = h * w;
        int per = t.size() / t.dim(0);
        int b = t.dim(0);
        float[] d = t.data(), out = new float[b * c * n];
        int skip = layout == Kind.TOKENS ? extraTokens * c : 0;
        for (int i = 0; i < b; i++) {
            int src = i * per + skip, dst = i * c * n;
            for (int p = 0; p < n; p++) for (int k = 0; k < c; k++) out[dst + k * n + p] = d[src + p * c + k];
        }
        return new Tensor(out, new int[] {b, c, h, w});
    }

    public String describe() {
        String base = tensor + "  " + Arrays.toString(shape) + "  " + producerOp + "  (node " + depth + ")";
        return switch (layout) {
            case NCHW -> base;
            case NHWC -> base + "  channels-last grid " + gridH + "×" + gridW;
            case TOKENS -> base + "  tokens: " + (extraTokens > 0 ? extraTokens + " dropped + " : "") + gridH + "×" + gridW + " grid";
        };
    }

    /** The layout as the layer list shows it. */
    public String layoutText() {
        return switch (layout) {
            case NCHW -> "NCHW";
            case NHWC -> "NHWC " + gridH + "x" + gridW;
            case TOKENS -> "tokens " + (extraTokens > 0 ? extraTokens + "+" : "") + gridH + "x" + gridW;
        };
    }
}
