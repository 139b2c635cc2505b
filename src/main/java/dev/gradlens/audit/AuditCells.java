package dev.gradlens.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An audit's result together with the images and map measures its cells were cut from, so the images
 * behind one row (a bar in the window's Audit page) can be listed afterwards by the same rules the audit
 * used, without reading or measuring anything again. Immutable once made; safe to read from any thread.
 */
public final class AuditCells {
    private final AuditResult result;
    private final RunImages images;
    private final MapMeasurements maps;

    AuditCells(AuditResult result, RunImages images, MapMeasurements maps) {
        this.result = result;
        this.images = images;
        this.maps = maps;
    }

    public AuditResult result() {
        return result;
    }

    private boolean inCut(int pos, String group, String value) {
        return group.equals(RunImages.ALL) || (images.groups.containsKey(group) && images.group(group, pos).equals(value));
    }

    /**
     * The image ids an accuracy row counts: images with a known outcome, of the row's true class (any
     * class for the "all classes" row), in its group value; in image-id order.
     */
    public List<Integer> images(AuditResult.AccuracyRow row) {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < images.size(); p++) {
            if (images.correct[p] < 0) continue;
            if (row.cls() >= 0 && images.trueClass[p] != row.cls()) continue;
            if (inCut(p, row.group(), row.value())) out.add(images.id(p));
        }
        return out;
    }

    /**
     * The image ids whose maps a localisation row averages (the row's method and class, images with or
     * without that class, in its group value), those putting the largest share of their map in
     * {@code region} first (ties and undefined shares: image-id order).
     */
    public List<Integer> images(AuditResult.LocalisationRow row, int region) {
        record Member(int id, double share) {
        }
        List<Member> members = new ArrayList<>();
        for (MapMeasurements.Row m : maps.rows()) {
            if (m.method() != row.method() || m.cls() != row.cls()) continue;
            int p = m.pos();
            if (images.hasLabel(p, row.cls()) != row.withClass() || !inCut(p, row.group(), row.value())) continue;
            double share = region >= 0 && region < m.share().length ? m.share()[region] : Double.NaN;
            members.add(new Member(images.id(p), share));
        }
        members.sort(Comparator.comparingDouble((Member x) -> Double.isNaN(x.share()) ? Double.POSITIVE_INFINITY : -x.share())
                .thenComparingInt(Member::id));
        return members.stream().map(Member::id).toList();
    }
}
