package dev.gradlens;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command works for root in a container without sudo (issue 12). */
class ReadmeFirstCommandTest {
    @Test
    void theSetupCommandDoesNotRequireSudo() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```sh\n") + 6;
        String first = readme.substring(start, readme.indexOf("\n```", start));
        assertFalse(first.matches("(?s)(^|.*[;&|]\\s*)sudo .*"), "a bare sudo fails for root without it: " + first);
        assertTrue(first.contains("$(command -v sudo) apt-get install"), first);
        assertTrue(first.contains("mvn -B compile javafx:run"), first);
    }
}
