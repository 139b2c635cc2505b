package dev.gradlens.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** The recently opened images, most recent first, kept in java.util.prefs (or only in memory, for tests). */
public final class RecentFiles {
    public static final int MAX = 10;
    private static final String KEY = "recent.";

    private final Preferences prefs;
    private final List<Path> files = new ArrayList<>();

    private RecentFiles(Preferences prefs) {
        this.prefs = prefs;
        if (prefs != null) {
            for (int i = 0; i < MAX; i++) {
                String s = prefs.get(KEY + i, null);
                if (s == null) break;
                try {
                    files.add(Path.of(s));
                } catch (RuntimeException ignored) {
                    // a path from another system: skip it
                }
            }
        }
    }

    public static RecentFiles persistent() {
        try {
            return new RecentFiles(Preferences.userRoot().node("dev/gradlens/app"));
        } catch (RuntimeException | Error e) {
            return inMemory();
        }
    }

    public static RecentFiles persistent(Preferences node) {
        return new RecentFiles(node);
    }

    public static RecentFiles inMemory() {
        return new RecentFiles(null);
    }

    public synchronized List<Path> list() {
        return List.copyOf(files);
    }

    public synchronized List<Path> add(Path file) {
        Path p = file.toAbsolutePath().normalize();
        files.remove(p);
        files.add(0, p);
        while (files.size() > MAX) files.remove(files.size() - 1);
        save();
        return list();
    }

    public synchronized List<Path> remove(Path file) {
        files.remove(file.toAbsolutePath().normalize());
        save();
        return list();
    }

    public synchronized List<Path> clear() {
        files.clear();
        save();
        return list();
    }

    private void save() {
        if (prefs == null) return;
        try {
            for (int i = 0; i < MAX; i++) {
                if (i < files.size()) prefs.put(KEY + i, files.get(i).toString());
                else prefs.remove(KEY + i);
            }
            prefs.flush();
        } catch (BackingStoreException | RuntimeException ignored) {
            // preferences are a convenience: never fail an open because of them
        }
    }
}
