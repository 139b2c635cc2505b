package dev.gradlens.metrics;

/**
 * Increase in Confidence (Grad-CAM++ §6.1, eq. 20 without the mean): 1 when the score of the masked
 * image O exceeds the image's Y, else 0; the paper's percentage is 100 × the mean over images.
 * Undefined for an all-zero map.
 */
public final class IncreaseInConfidence {
    private IncreaseInConfidence() {
    }

    public static MetricValue of(double y, double o, ExplanationMask mask) {
        if (mask.zero()) return MetricValue.undefined(Metric.INCREASE, "the map is zero everywhere");
        return MetricValue.of(Metric.INCREASE, o > y ? 1 : 0);
    }
}
