package dev.gradlens.app.viewmodel;

import dev.gradlens.audit.Bootstrap;

/**
 * One bar of a chart with a 95 % interval whisker, as the Audit and Compare pages draw them: the
 * {@code category} it is grouped under (a class, a group value), its {@code series} (a group value, a
 * region, A − B), the estimate, an optional {@code reference} mark (a region's mean area; NaN: none),
 * a one-line {@code tip} and the {@code cell} it stands for (what a click filters to).
 */
public record CiBar(String category, String series, double mean, double lo, double hi, double reference, int n, String tip,
                    Object cell) {

    public static CiBar of(String category, String series, Bootstrap.Estimate e, double reference, int n, String tip, Object cell) {
        return new CiBar(category, series, e.mean(), e.lo(), e.hi(), reference, n, tip, cell);
    }

    /** No images behind it: drawn as a dash, not a bar. */
    public boolean empty() {
        return Double.isNaN(mean);
    }
}
