package dev.gradlens.app.view;

import org.junit.jupiter.api.Test;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.IkonHandler;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

class IconsTest {

    @Test
    void everyIconLiteralResolvesInTheMaterialDesign2Pack() {
        for (String literal : Icons.ALL) {
            Ikon found = null;
            for (IkonHandler h : ServiceLoader.load(IkonHandler.class)) {
                if (h.supports(literal)) {
                    try {
                        found = h.resolve(literal);
                    } catch (IllegalArgumentException ignored) {
                        // the handler of another pack with the same prefix
                    }
                }
                if (found != null) break;
            }
            assertNotNull(found, literal);
            assertEquals(literal, found.getDescription());
        }
    }
}
