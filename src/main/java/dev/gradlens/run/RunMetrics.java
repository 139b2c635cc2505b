package dev.gradlens.run;

import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.Road;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The faithfulness metrics a data-set run computes per image ({@code --metrics}), as the run row's
 * {@code options_json} stores them ({@code "metrics": "average-drop,increase,…"}, the metric ids in
 * {@link Metric} order), so that a resumed run or a Spark job computes exactly the same rows.
 *
 * <p>Which maps are scored: every stored, not counterfactual map of the image's predicted class and
 * of each {@code --target} class. The predicted class is the Grad-CAM++ paper's protocol (§6.1: the
 * explanation of the decision the model made); the true class of a mistake is left out because its
 * score Y is small there, so drop = (Y − O)/Y is dominated by noise, and scoring it would add a full
 * set of model runs to every mistake. Counterfactual maps show evidence against the class: keeping
 * only those pixels is not what Average Drop or deletion measure.
 */
public record RunMetrics(Set<Metric> metrics) {
    public static final RunMetrics NONE = new RunMetrics(EnumSet.noneOf(Metric.class));

    public RunMetrics {
        metrics = metrics.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Metric.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(metrics));
    }

    /**
     * {@code --metrics} as given: groups (faithfulness, deletion-insertion, road, all) or metric ids,
     * comma-separated or repeated; null or nothing: none.
     *
     * @throws dev.gradlens.GradLensException one line naming the valid names for an unknown one
     */
    public static RunMetrics parse(List<String> names) {
        if (names == null) return NONE;
        List<String> given = names.stream().filter(n -> n != null)
                .flatMap(n -> Arrays.stream(n.split(","))).map(String::trim).filter(n -> !n.isEmpty()).toList();
        if (given.isEmpty()) return NONE;
        return new RunMetrics(Metric.parseGroups(given));
    }

    /** The ids as {@link #ids()} writes them (null or blank: none). */
    public static RunMetrics ofIds(String ids) {
        return ids == null || ids.isBlank() ? NONE : parse(List.of(ids));
    }

    public boolean none() {
        return metrics.isEmpty();
    }

    /** Comma-separated metric ids in {@link Metric} order, or null when none. */
    public String ids() {
        return none() ? null : metrics.stream().map(Metric::id).collect(Collectors.joining(","));
    }

    /**
     * Images through the model's forward pass to score {@code maps} maps of one class of one image,
     * with {@code steps} deletion/insertion steps (the count {@link FaithfulnessScorer} makes for
     * maps that are not flat): the original once, then per map 1 masked image, 2·S curve images and
     * 18 ROAD images as asked. Shown before a run so that its rate and ETA come as no surprise.
     */
    public int forwardsPerClass(int maps, int steps) {
        if (none()) return 0;
        int per = 0;
        if (metrics.contains(Metric.MASKED_SCORE) || metrics.contains(Metric.AVERAGE_DROP) || metrics.contains(Metric.INCREASE)) per += 1;
        if (metrics.contains(Metric.DELETION_AUC) || metrics.contains(Metric.INSERTION_AUC)) per += 2 * steps;
        if (metrics.contains(Metric.ROAD_MORF) || metrics.contains(Metric.ROAD_LERF)) per += 2 * Road.LEVELS.length;
        return 1 + maps * per;
    }

    @Override
    public String toString() {
        return none() ? "none" : ids();
    }
}
