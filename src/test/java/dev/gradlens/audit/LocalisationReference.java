package dev.gradlens.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The NumPy/PyTorch reference cases of src/tools/localisation_reference.py, loaded for the tests. */
final class LocalisationReference {
    record Case(Placement placement, float[] map, List<PixelSet> regions, double[] shares, double background, int peak,
                boolean[] peakInRegion) {
    }

    static List<Case> load() throws Exception {
        try (InputStream in = LocalisationReference.class.getResourceAsStream("localisation-reference.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> out = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                int w = c.get("mapWidth").asInt(), h = c.get("mapHeight").asInt();
                int W = c.get("imageWidth").asInt(), H = c.get("imageHeight").asInt();
                JsonNode seen = c.get("seen");
                Placement p = seen.isNull() ? Placement.whole(w, h, W, H)
                        : Placement.over(w, h, W, H, seen.get(0).asDouble(), seen.get(1).asDouble(), seen.get(2).asDouble(), seen.get(3).asDouble());
                float[] map = new float[w * h];
                for (int i = 0; i < map.length; i++) map[i] = (float) c.get("map").get(i).asDouble();
                List<PixelSet> regions = new ArrayList<>();
                for (JsonNode r : c.get("regions")) {
                    if (r.has("box")) {
                        JsonNode b = r.get("box");
                        regions.add(PixelSet.box(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt(), W, H));
                    } else {
                        int[] counts = new int[r.get("rle").size()];
                        for (int i = 0; i < counts.length; i++) counts[i] = r.get("rle").get(i).asInt();
                        regions.add(PixelSet.fromCounts(counts, W));
                    }
                }
                double[] shares = new double[c.get("shares").size()];
                boolean[] hitIn = new boolean[shares.length];
                for (int i = 0; i < shares.length; i++) {
                    shares[i] = c.get("shares").get(i).asDouble();
                    hitIn[i] = c.get("peakInRegion").get(i).asBoolean();
                }
                out.add(new Case(p, map, regions, shares, c.get("background").asDouble(), c.get("peak").asInt(), hitIn));
            }
            return out;
        }
    }

    private LocalisationReference() {
    }
}
