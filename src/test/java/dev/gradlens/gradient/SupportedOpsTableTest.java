package dev.gradlens.gradient;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/supported-ops.md must be what the registry generates (regenerate with SupportedOpsTable). */
class SupportedOpsTableTest {
    @Test
    void docsMatchRegistry() throws IOException {
        String generated = SupportedOpsTable.markdown(RuleRegistry.standard());
        assertTrue(generated.contains("| `Conv` | ConvRule |"));
        assertEquals(generated, Files.readString(Path.of("docs/supported-ops.md")),
                "docs/supported-ops.md is stale: run java -cp target/classes:target/lib/* dev.gradlens.gradient.SupportedOpsTable");
    }
}
