package dev.gradlens.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The audit's largest gaps in plain words, for a reader who will not study the tables:
 * <ul>
 * <li>evidence on a named region (badge, a manifest region) beyond the region's area: the energy share
 * minus the mean area, ranked by the interval's lower end minus the area, so that a gap the data
 * cannot support ranks low;</li>
 * <li>accuracy differences of one class between the values of one group, ranked by the distance
 * between the two intervals (0 when they overlap) and then by the difference.</li>
 * </ul>
 * One sentence per method, class and region (the cut with the largest excess; cuts within 5 points of
 * it go to the one with more images) and per class and group name. Only cells with at least {@link #MIN_IMAGES} images
 * are described.
 */
public final class GapSummary {
    public static final int MIN_IMAGES = 10;
    /** Excesses closer than this count as equal when choosing the cut to describe. */
    static final double NEAR = 0.05;

    private GapSummary() {
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }

    static String pctRange(Bootstrap.Estimate e) {
        return String.format(Locale.ROOT, "%.0f–%.0f %%", 100 * e.lo(), 100 * e.hi());
    }

    static String cutText(String group, String value) {
        return group.equals(RunImages.ALL) ? "" : " where " + group + " = " + value;
    }

    public static List<AuditResult.Gap> largest(RunInfo info, MapMeasurements maps, List<AuditResult.AccuracyRow> acc,
                                                List<AuditResult.LocalisationRow> loc, int limit) {
        List<AuditResult.Gap> gaps = new ArrayList<>();
        RegionNames names = maps.names();
        // a cut holding every image of its (all images) row says the same thing again: leave it out
        Map<String, Integer> allRows = new java.util.HashMap<>();
        Map<String, AuditResult.Gap> perRegion = new LinkedHashMap<>();
        for (AuditResult.LocalisationRow r : loc) if (r.group().equals(RunImages.ALL)) allRows.put(r.method() + "/" + r.cls() + "/" + r.withClass(), r.n());
        for (AuditResult.LocalisationRow r : loc) {
            if (r.n() < MIN_IMAGES) continue;
            if (!r.group().equals(RunImages.ALL) && Integer.valueOf(r.n()).equals(allRows.get(r.method() + "/" + r.cls() + "/" + r.withClass()))) continue;
            for (int j = 0; j < names.size(); j++) {
                String region = names.get(j);
                if (region.equals(Region.BACKGROUND) || region.equals(Region.OBJECT) || region.equals(Region.OTHER_OBJECTS)) continue;
                Bootstrap.Estimate s = r.share()[j];
                if (Double.isNaN(s.mean()) || r.area()[j] <= 0) continue;
                double excess = s.lo() - r.area()[j];
                if (!(excess > 0)) continue;
                String method = maps.methods().get(r.method()).title();
                String sentence = "class " + r.label() + ": " + pct(s.mean()) + " of " + method + " mass on the " + region + " in images "
                        + (r.withClass() ? "of " : "without ") + "a " + r.label() + cutText(r.group(), r.value())
                        + " (n = " + r.n() + ", CI " + pctRange(s) + "), against a " + region + " area of " + pct(r.area()[j]);
                if (r.coverage() < 0.999) {
                    sentence += "; maps exist for " + pct(r.coverage()) + " of these images (those where " + r.label()
                            + " was true or predicted: add --target " + r.label() + " to the run to cover all)";
                }
                String key = r.method() + "/" + r.cls() + "/" + r.withClass() + "/" + j;
                AuditResult.Gap gap = new AuditResult.Gap(sentence, excess, r, j, null, null);
                // one sentence per method, class and region: the cut that shows the gap most, where cuts within
                // NEAR of each other go to the one with more images (all images, when the gap is everywhere)
                AuditResult.Gap before = perRegion.get(key);
                if (before == null || excess > before.size() + NEAR
                        || (Math.abs(excess - before.size()) <= NEAR && r.n() > before.row().n())) {
                    perRegion.put(key, gap);
                }
            }
        }
        gaps.addAll(perRegion.values());
        // accuracy: per class and group name, the lowest and highest value
        Map<String, List<AuditResult.AccuracyRow>> byClassGroup = new LinkedHashMap<>();
        for (AuditResult.AccuracyRow a : acc) {
            if (a.group().equals(RunImages.ALL) || a.n() < MIN_IMAGES) continue;
            byClassGroup.computeIfAbsent(a.cls() + "/" + a.group(), k -> new ArrayList<>()).add(a);
        }
        for (List<AuditResult.AccuracyRow> rows : byClassGroup.values()) {
            if (rows.size() < 2) continue;
            AuditResult.AccuracyRow lo = rows.stream().min(Comparator.comparingDouble(a -> a.accuracy().mean())).get();
            AuditResult.AccuracyRow hi = rows.stream().max(Comparator.comparingDouble(a -> a.accuracy().mean())).get();
            double separation = hi.accuracy().lo() - lo.accuracy().hi();
            if (!(separation > 0)) continue;
            String who = lo.cls() < 0 ? "all classes" : "class " + lo.label();
            String sentence = who + ": accuracy " + pct(lo.accuracy().mean()) + " where " + lo.group() + " = " + lo.value()
                    + " (n = " + lo.n() + ", CI " + pctRange(lo.accuracy()) + ") against " + pct(hi.accuracy().mean()) + " where "
                    + hi.group() + " = " + hi.value() + " (n = " + hi.n() + ", CI " + pctRange(hi.accuracy()) + ")";
            gaps.add(new AuditResult.Gap(sentence, separation, null, -1, lo, hi));
        }
        gaps.sort(Comparator.comparingDouble(AuditResult.Gap::size).reversed());
        return gaps.size() > limit ? new ArrayList<>(gaps.subList(0, limit)) : gaps;
    }
}
