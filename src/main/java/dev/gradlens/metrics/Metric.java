package dev.gradlens.metrics;

import dev.gradlens.GradLensException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The per-image faithfulness metrics and their names in the results database's {@code metrics}
 * table (a contract: reports and scripts read these names). Definitions: docs/conventions.md,
 * "Faithfulness metrics".
 */
public enum Metric {
    /** O: the class score of the image multiplied by the explanation mask E (Grad-CAM++ §6.1). */
    MASKED_SCORE("masked-score"),
    /** max(0, Y − O) / Y, a fraction (the paper's Average Drop % is 100 × its mean). */
    AVERAGE_DROP("average-drop"),
    /** 1 when O > Y, else 0 (the mean is the paper's Increase in Confidence). */
    INCREASE("increase"),
    /** Area under the deletion curve (Petsiuk et al. 2018): lower is more faithful. */
    DELETION_AUC("deletion-auc"),
    /** Area under the insertion curve: higher is more faithful. */
    INSERTION_AUC("insertion-auc"),
    /** ROAD most-relevant-first (Rong et al. 2022): mean score over 10–90 % removed; lower is more faithful. */
    ROAD_MORF("road-morf"),
    /** ROAD least-relevant-first: mean score over 10–90 % removed; higher is more faithful. */
    ROAD_LERF("road-lerf");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Metric groups as {@code --metrics} names them: faithfulness, deletion-insertion, road (or single ids). */
    public static Set<Metric> parseGroups(List<String> names) {
        EnumSet<Metric> out = EnumSet.noneOf(Metric.class);
        for (String raw : names) {
            String n = raw.trim().toLowerCase();
            if (n.isEmpty()) continue;
            switch (n) {
                case "faithfulness" -> out.addAll(EnumSet.of(MASKED_SCORE, AVERAGE_DROP, INCREASE));
                case "deletion-insertion" -> out.addAll(EnumSet.of(DELETION_AUC, INSERTION_AUC));
                case "road" -> out.addAll(EnumSet.of(ROAD_MORF, ROAD_LERF));
                case "all" -> out.addAll(EnumSet.allOf(Metric.class));
                default -> out.add(parse(n));
            }
        }
        if (out.isEmpty()) throw new GradLensException("no metric named: use faithfulness, deletion-insertion, road or all");
        return out;
    }

    public static Metric parse(String id) {
        for (Metric m : values()) if (m.id.equalsIgnoreCase(id.trim())) return m;
        List<String> ids = new ArrayList<>(List.of("faithfulness", "deletion-insertion", "road", "all"));
        for (Metric m : values()) ids.add(m.id);
        throw new GradLensException("Unknown metric '" + id + "'. Metrics: " + String.join(", ", ids));
    }
}
