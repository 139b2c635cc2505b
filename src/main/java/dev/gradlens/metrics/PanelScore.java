package dev.gradlens.metrics;

import java.util.Map;

/**
 * What a panel's "Score" action shows: Average Drop, Increase in Confidence and the deletion and
 * insertion curves with their AUC for one map (each value null when undefined, with the reason),
 * and which number of the model's output was read as the score ({@code readout}, null when unknown).
 */
public record PanelScore(double score, Double drop, Double increase, float[] deletion, Double deletionAuc,
                         float[] insertion, Double insertionAuc, String note, ScoreReadout readout) {

    /** Without the readout (unknown). */
    public PanelScore(double score, Double drop, Double increase, float[] deletion, Double deletionAuc,
                      float[] insertion, Double insertionAuc, String note) {
        this(score, drop, increase, deletion, deletionAuc, insertion, insertionAuc, note, null);
    }

    /** The metrics a panel asks for. */
    public static final java.util.Set<Metric> METRICS = java.util.EnumSet.of(Metric.MASKED_SCORE, Metric.AVERAGE_DROP, Metric.INCREASE,
            Metric.DELETION_AUC, Metric.INSERTION_AUC);

    /** From one map's values of {@link FaithfulnessScorer#score}. */
    public static PanelScore of(double y, Map<String, MetricValue> v) {
        return of(y, null, v);
    }

    /** From one map's values of {@link FaithfulnessScorer#score} and the readout it used. */
    public static PanelScore of(double y, ScoreReadout readout, Map<String, MetricValue> v) {
        MetricValue drop = v.get(Metric.AVERAGE_DROP.id()), inc = v.get(Metric.INCREASE.id());
        MetricValue del = v.get(Metric.DELETION_AUC.id()), ins = v.get(Metric.INSERTION_AUC.id());
        String note = null;
        for (MetricValue m : v.values()) if (!m.defined() && m.note() != null) {
            note = m.note();
            break;
        }
        return new PanelScore(y, drop == null ? null : drop.value(), inc == null ? null : inc.value(),
                del == null ? null : del.curve(), del == null ? null : del.value(),
                ins == null ? null : ins.curve(), ins == null ? null : ins.value(), note, readout);
    }
}
