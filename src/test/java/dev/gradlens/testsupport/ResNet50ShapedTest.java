package dev.gradlens.testsupport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stand-in for ResNet-50 has torchvision's size. {@code torchvision.models.resnet50()} has
 * 25,557,032 parameters, 26,560 of them BatchNorm channels (a scale and a shift each); folding each
 * BatchNorm into its convolution leaves one bias per channel: 25,557,032 − 26,560 = 25,530,472
 * values. {@code torch.onnx.export(…, opset_version=13)} of the untrained model (torch 1.13) has 53
 * Conv nodes and stores 25,507,944 values, because its folded biases are all zero and identical ones
 * are stored once (the Identity nodes of that export).
 */
class ResNet50ShapedTest {
    @Test
    void hasTheParametersAndConvolutionsOfTorchvisionsResNet50() {
        long[] counts = ResNet50Shaped.counts(50);
        assertEquals(25_557_032L - 26_560L, counts[0], "resnet50's parameters with BatchNorm folded");
        assertEquals(53, counts[1], "Conv nodes of the exported resnet50");
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        assertArrayEquals(ResNet50Shaped.build(7).toByteArray(), ResNet50Shaped.build(7).toByteArray());
    }
}
