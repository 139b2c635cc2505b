package dev.gradlens;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Code under Apache-2.0, teaching models and sample scenes under CC0-1.0, and the cards and descriptors say so. */
class LicenceFilesTest {
    @Test
    void licencesArePresentAndDeclared() throws Exception {
        String apache = Files.readString(Path.of("LICENSE"));
        assertTrue(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004") && apache.contains("END OF TERMS AND CONDITIONS"));
        String cc0 = Files.readString(Path.of("LICENSE-CC0-1.0.txt"));
        assertTrue(cc0.contains("CC0 1.0 Universal") && cc0.contains("4. Limitations and Disclaimers."));
        for (String m : new String[] {"scenes-clean", "scenes-biased"}) {
            String license = new ObjectMapper().readTree(Path.of("models", m + ".gradlens.json").toFile()).get("license").asText();
            assertTrue(license.contains("CC0-1.0"), m + ": " + license);
            assertTrue(Files.readString(Path.of("models", m + ".md")).contains("CC0 1.0 Universal (SPDX: CC0-1.0"), m + " card");
        }
    }
}
