package dev.gradlens.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The region slots of an audit, fixed for a run: {@code object} and {@code other-objects} when the run
 * has object regions, then the other names found in the {@code regions} table (sorted), then
 * {@code background}.
 */
public final class RegionNames {
    private final List<String> names;
    private final boolean objects;

    public RegionNames(boolean objects, List<String> named) {
        this.objects = objects;
        List<String> n = new ArrayList<>();
        if (objects) {
            n.add(Region.OBJECT);
            n.add(Region.OTHER_OBJECTS);
        }
        for (String s : named.stream().sorted().toList()) {
            if (!s.equals(Region.OBJECT) && !s.equals(Region.BACKGROUND) && !s.equals(Region.OTHER_OBJECTS) && !n.contains(s)) n.add(s);
        }
        n.add(Region.BACKGROUND);
        this.names = List.copyOf(n);
    }

    public int size() {
        return names.size();
    }

    public String get(int i) {
        return names.get(i);
    }

    public int indexOf(String name) {
        return names.indexOf(name);
    }

    public List<String> all() {
        return names;
    }

    public boolean hasObjects() {
        return objects;
    }

    boolean isObjectSlot(int i) {
        return objects && i < 2;
    }
}
