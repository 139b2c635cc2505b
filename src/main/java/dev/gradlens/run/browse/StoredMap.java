package dev.gradlens.run.browse;

import dev.gradlens.tensor.Tensor;

/** One stored map of an image (a {@code maps} row), decoded from its little-endian float32 BLOB. */
public record StoredMap(String method, int classIndex, boolean counterfactual, int channels, int height, int width,
                        float[] data) {
    /** [h, w] for a one-channel CAM (as DisplayMaps.cam takes it), else [C, H, W]. */
    public Tensor tensor() {
        return channels == 1 ? new Tensor(data, new int[] {height, width}) : new Tensor(data, new int[] {channels, height, width});
    }
}
