package dev.gradlens.inference;

import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.tensor.Tensor;

/**
 * A photo made ready for a model.
 *
 * @param tensor     the model input, [1, C, H, W] or [1, H, W, C] per the preprocessing's layout
 * @param modelView  the resized (and cropped) picture the model sees, width x height of the input
 *                   (grey for 1-channel models); maps at input resolution overlay it directly
 * @param region     the part of the original photo the model sees, in the photo's pixel
 *                   coordinates: the whole photo for the stretch modes, the centre crop's
 *                   rectangle for SHORTER_SIDE_CENTER_CROP. Maps are drawn into this rectangle to
 *                   lie correctly over the photo.
 * @param preprocessing the settings used
 */
public record PreparedInput(Tensor tensor, RgbImage modelView, ImageRegion region, Preprocessing preprocessing) {
}
