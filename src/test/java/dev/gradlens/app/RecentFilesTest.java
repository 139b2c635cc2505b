package dev.gradlens.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.*;

class RecentFilesTest {

    @Test
    void mostRecentFirstWithoutDuplicatesAndCapped() {
        RecentFiles r = RecentFiles.inMemory();
        r.add(Path.of("/a.png"));
        r.add(Path.of("/b.png"));
        r.add(Path.of("/a.png"));
        assertEquals(List.of(Path.of("/a.png"), Path.of("/b.png")), r.list());
        for (int i = 0; i < 20; i++) r.add(Path.of("/f" + i + ".png"));
        assertEquals(RecentFiles.MAX, r.list().size());
        assertEquals(Path.of("/f19.png"), r.list().get(0));
        r.remove(Path.of("/f19.png"));
        assertEquals(Path.of("/f18.png"), r.list().get(0));
        assertTrue(r.clear().isEmpty());
    }

    @Test
    void persistsInPreferences() throws Exception {
        Preferences node = Preferences.userRoot().node("dev/gradlens/test/recent-" + System.nanoTime());
        try {
            RecentFiles.persistent(node).add(Path.of("/photos/cat.png"));
            assertEquals(List.of(Path.of("/photos/cat.png")), RecentFiles.persistent(node).list());
        } finally {
            node.removeNode();
        }
    }
}
