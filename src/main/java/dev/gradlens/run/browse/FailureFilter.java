package dev.gradlens.run.browse;

/**
 * Which readable images to list and in what order. Every field narrows the list; null (or NaN)
 * means "any". Immutable: the {@code with…} methods return a changed copy.
 *
 * @param mistakesOnly   only images whose top-1 is not one of their labels
 * @param minConfidence  only images whose top-1 probability is at least this (NaN: any)
 * @param trueClass      only images of this true class
 * @param predictedClass only images predicted as this class (with trueClass: one confused pair)
 * @param groupName      with groupValue: only images with this group attribute
 * @param limit          at most this many rows (0: all)
 */
public record FailureFilter(boolean mistakesOnly, double minConfidence, Integer trueClass, Integer predictedClass,
                            String groupName, String groupValue, Sort sort, int limit) {
    public enum Sort {
        /** Most confident first: the "confident mistakes" order. */
        CONFIDENCE,
        /** Largest top-1 minus top-2 margin first. */
        MARGIN,
        /** Smallest margin first: the borderline cases. */
        MARGIN_ASCENDING,
        /** Data-set order. */
        IMAGE
    }

    public FailureFilter {
        if (sort == null) sort = Sort.CONFIDENCE;
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        if ((groupName == null) != (groupValue == null)) throw new IllegalArgumentException("a group filter needs a name and a value");
    }

    /** Every readable image, data-set order. */
    public static FailureFilter all() {
        return new FailureFilter(false, Double.NaN, null, null, null, null, Sort.IMAGE, 0);
    }

    /** Mistakes, most confident first. */
    public static FailureFilter mistakes() {
        return new FailureFilter(true, Double.NaN, null, null, null, null, Sort.CONFIDENCE, 0);
    }

    public FailureFilter withMistakesOnly(boolean on) {
        return new FailureFilter(on, minConfidence, trueClass, predictedClass, groupName, groupValue, sort, limit);
    }

    public FailureFilter withMinConfidence(double p) {
        return new FailureFilter(mistakesOnly, p, trueClass, predictedClass, groupName, groupValue, sort, limit);
    }

    public FailureFilter withTrueClass(Integer c) {
        return new FailureFilter(mistakesOnly, minConfidence, c, predictedClass, groupName, groupValue, sort, limit);
    }

    public FailureFilter withPredictedClass(Integer c) {
        return new FailureFilter(mistakesOnly, minConfidence, trueClass, c, groupName, groupValue, sort, limit);
    }

    public FailureFilter withGroup(String name, String value) {
        return new FailureFilter(mistakesOnly, minConfidence, trueClass, predictedClass, name, value, sort, limit);
    }

    public FailureFilter withSort(Sort s) {
        return new FailureFilter(mistakesOnly, minConfidence, trueClass, predictedClass, groupName, groupValue, s, limit);
    }

    public FailureFilter withLimit(int n) {
        return new FailureFilter(mistakesOnly, minConfidence, trueClass, predictedClass, groupName, groupValue, sort, n);
    }

    /** The same test in memory (the window filters rows it already holds); the SQL in RunQueries is its twin. */
    public boolean test(ImageRow r) {
        if (!"ok".equals(r.status())) return false;
        if (mistakesOnly && !r.mistake()) return false;
        if (!Double.isNaN(minConfidence) && !(r.confidence() >= minConfidence)) return false;
        if (trueClass != null && !trueClass.equals(r.trueClass())) return false;
        if (predictedClass != null && !predictedClass.equals(r.predictedClass())) return false;
        return groupName == null || groupValue.equals(r.groups().get(groupName));
    }

    /** The order as a comparator, ties by image id (as the SQL orders them). */
    public java.util.Comparator<ImageRow> comparator() {
        java.util.Comparator<ImageRow> byId = java.util.Comparator.comparingInt(ImageRow::imageId);
        return switch (sort) {
            case CONFIDENCE -> java.util.Comparator.comparingDouble((ImageRow r) -> -nanLast(r.confidence())).thenComparing(byId);
            case MARGIN -> java.util.Comparator.comparingDouble((ImageRow r) -> -nanLast(r.margin())).thenComparing(byId);
            case MARGIN_ASCENDING -> java.util.Comparator.comparingDouble((ImageRow r) -> Double.isNaN(r.margin()) ? Double.MAX_VALUE : r.margin())
                    .thenComparing(byId);
            case IMAGE -> byId;
        };
    }

    private static double nanLast(double v) {
        return Double.isNaN(v) ? -Double.MAX_VALUE : v;
    }
}
