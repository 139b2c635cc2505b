package dev.gradlens.metrics;

/**
 * One metric of one map on one image.
 *
 * @param metric the metric
 * @param value  the value, or null when it is undefined for this map (an all-zero map has no
 *               explanation to test: reported as undefined, never as NaN)
 * @param curve  the curve behind the value (deletion/insertion steps, ROAD levels), or null
 * @param note   why the value is undefined, or null
 */
public record MetricValue(Metric metric, Double value, float[] curve, String note) {
    public static MetricValue of(Metric metric, double value) {
        return new MetricValue(metric, value, null, null);
    }

    public static MetricValue undefined(Metric metric, String why) {
        return new MetricValue(metric, null, null, why);
    }

    public boolean defined() {
        return value != null;
    }
}
