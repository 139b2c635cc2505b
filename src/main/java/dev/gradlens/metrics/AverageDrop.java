package dev.gradlens.metrics;

/**
 * Average Drop (Chattopadhyay et al. 2018, Grad-CAM++, §6.1, eq. 19 without the mean):
 * drop = max(0, Y − O) / Y, with Y the class score of the image and O that of the image multiplied
 * by the explanation mask E. A fraction here; the paper's "Average Drop %" is 100 × the mean over
 * images. Undefined for an all-zero map (no explanation to keep) and when Y is 0.
 */
public final class AverageDrop {
    private AverageDrop() {
    }

    public static MetricValue of(double y, double o, ExplanationMask mask) {
        if (mask.zero()) return MetricValue.undefined(Metric.AVERAGE_DROP, "the map is zero everywhere");
        if (!(y > 0)) return MetricValue.undefined(Metric.AVERAGE_DROP, "the class score Y is 0");
        return MetricValue.of(Metric.AVERAGE_DROP, value(y, o));
    }

    public static double value(double y, double o) {
        return Math.max(0, y - o) / y;
    }
}
