package dev.gradlens.app;

import dev.gradlens.catalog.CatalogEntry;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Catalog entries and payloads for the window's download tests (served by testsupport.LoopbackServer). */
public final class CatalogEntries {
    private CatalogEntries() {
    }

    /** A catalog entry for {@code expected} (its size and SHA-256) at {@code url}: 224×224 RGB ImageNet conventions, no labels. */
    public static CatalogEntry entry(String id, String name, String url, byte[] expected, Double top1, String license) {
        return new CatalogEntry(id, name, List.of(url), sha256(expected), expected.length, 13,
                new CatalogEntry.Input("input", "NCHW", List.of("N", 3, 224, 224), List.of(224, 224), "RGB",
                        "shorter-side-center-crop", 256, 1 / 255.0, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225)),
                new CatalogEntry.Output("scores", "logits", List.of("N", 1000)), null, null, null,
                license, top1, null, "documented", List.of());
    }

    /** {@code n} reproducible pseudo-random bytes (a stand-in model file). */
    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
