package dev.gradlens.metrics.sanity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Spearman (ties included) and SSIM against the NumPy implementations in
 * src/test/python/metrics_reference.py, plus hand cases.
 */
class SimilarityReferenceTest {
    static JsonNode sim() throws IOException {
        try (InputStream in = SimilarityReferenceTest.class.getResourceAsStream("/dev/gradlens/metrics/reference.json")) {
            return new ObjectMapper().readTree(in).get("similarity");
        }
    }

    static float[] f(JsonNode a) {
        float[] o = new float[a.size()];
        for (int i = 0; i < o.length; i++) o[i] = (float) a.get(i).asDouble();
        return o;
    }

    @Test
    void spearmanAndSsimMatchNumPy() throws IOException {
        JsonNode s = sim();
        float[] a = f(s.get("a")), b = f(s.get("b")), c = f(s.get("c")), d = f(s.get("d"));
        assertEquals(s.get("spearman_ab").asDouble(), RankCorrelation.spearman(a, b), 1e-6);
        assertEquals(s.get("spearman_cd").asDouble(), RankCorrelation.spearman(c, d), 1e-6);
        assertEquals(s.get("ssim_cd").asDouble(), Ssim.of(c, d, 16, 16), 1e-5);
        float[] an = SanityCheck.scaled(a);
        float[] bp = b.clone();
        for (int i = 0; i < bp.length; i++) bp[i] = Math.max(bp[i], 0);
        assertEquals(s.get("ssim_ab01").asDouble(), Ssim.of(an, SanityCheck.scaled(bp), 7, 7), 1e-5);
    }

    @Test
    void handCases() {
        float[] x = {1, 2, 3, 4};
        assertEquals(1.0, RankCorrelation.spearman(x, new float[] {10, 20, 30, 40}), 1e-12);
        assertEquals(-1.0, RankCorrelation.spearman(x, new float[] {4, 3, 2, 1}), 1e-12);
        assertEquals(1.0, RankCorrelation.spearmanOfAbsolute(new float[] {-4, 1, 2, 3}, new float[] {4, 1, 2, 3}), 1e-12);
        assertNull(RankCorrelation.spearman(x, new float[] {0, 0, 0, 0}), "a constant map has no ranks");
        float[] img = new float[49];
        for (int i = 0; i < 49; i++) img[i] = (i % 7) / 6f;
        assertEquals(1.0, Ssim.of(img, img, 7, 7), 1e-12);
        assertNull(Ssim.of(new float[4], new float[4], 2, 2));
    }
}
