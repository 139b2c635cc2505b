package dev.gradlens.audit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Energy share: the share of a map's positive mass, upsampled onto the image, inside a region. */
class EnergyShareTest {
    private static double share(Placement p, float[] map, PixelSet region) {
        float[] r = Placement.relu(map);
        return Placement.mass(r, region.pullback(p)) / Placement.mass(r, p.all());
    }

    @Test
    void oneHotPixelSpreadsOverTheBilinearFootprint() {
        // 4x4 map, one hot cell (row 1, column 2), on an 8x8 image. Half-pixel taps: image column x reads
        // map position x/2 - 0.25, so column 2 reaches image columns 3,4,5,6 with weights .25,.75,.75,.25 and
        // row 1 reaches image rows 1,2,3,4 with the same weights: total mass 2 x 2 = 4. The box x 4..5,
        // y 2..3 holds (.75+.75) x (.75+.75) = 2.25 of it.
        float[] map = new float[16];
        map[1 * 4 + 2] = 1;
        Placement p = Placement.whole(4, 4, 8, 8);
        assertEquals(4.0, Placement.mass(map, p.all()), 1e-12);
        assertEquals(2.25 / 4, share(p, map, PixelSet.box(4, 2, 6, 4, 8, 8)), 1e-12);
        // a box that misses the footprint (columns 0..2) holds nothing
        assertEquals(0.0, share(p, map, PixelSet.box(0, 0, 3, 8, 8, 8)), 1e-12);
    }

    @Test
    void uniformMapGivesTheRegionsArea() {
        float[] map = new float[7 * 7];
        java.util.Arrays.fill(map, 0.4f);
        Placement p = Placement.whole(7, 7, 50, 37);
        assertEquals(6.0 * 5 / (50 * 37), share(p, map, PixelSet.box(10, 3, 16, 8, 50, 37)), 1e-12);
        boolean[] mask = new boolean[50 * 37];
        for (int i = 0; i < mask.length; i += 3) mask[i] = true;
        assertEquals(617.0 / 1850, share(p, map, PixelSet.mask(mask, 50)), 1e-12);
    }

    @Test
    void mapHalfInTheBox() {
        // map at the image's resolution (identity placement): one unit inside the box, one outside,
        // and a negative value the ReLU removes
        float[] map = new float[16];
        map[0] = 1;
        map[15] = 1;
        map[5] = -3;
        Placement p = Placement.whole(4, 4, 4, 4);
        assertEquals(0.5, share(p, map, PixelSet.box(0, 0, 2, 2, 4, 4)), 1e-12);
    }

    @Test
    void pixelsTheModelDidNotSeeHoldNoMass() {
        // a uniform 2x2 map over the centre crop x in [2, 6) of an 8x4 image: the outer columns get nothing
        float[] map = {1, 1, 1, 1};
        Placement p = Placement.over(2, 2, 8, 4, 2, 0, 4, 4);
        assertEquals(16.0, Placement.mass(map, p.all()), 1e-12);
        assertEquals(0.0, share(p, map, PixelSet.box(0, 0, 2, 4, 8, 4)), 1e-12);
        assertEquals(0.5, share(p, map, PixelSet.box(0, 0, 4, 4, 8, 4)), 1e-12);
    }

    @Test
    void regionsAndBackgroundMatchTheNumPyReference() throws Exception {
        List<LocalisationReference.Case> cases = LocalisationReference.load();
        assertEquals(7, cases.size());
        for (LocalisationReference.Case c : cases) {
            for (int r = 0; r < c.regions().size(); r++) {
                assertEquals(c.shares()[r], share(c.placement(), c.map(), c.regions().get(r)), 1e-6, "case region " + r);
            }
            // background = outside every region, through the audit's own region assembly
            List<Region> regions = new java.util.ArrayList<>();
            for (int r = 0; r < c.regions().size(); r++) regions.add(new Region("r" + r, null, c.regions().get(r)));
            RegionNames names = new RegionNames(false, List.of("r0", "r1", "r2"));
            ImageRegions ir = new ImageRegions(c.placement(), names, regions, null);
            ImageRegions.MapMeasure m = ir.measure(0, c.map());
            assertEquals(c.background(), m.share()[names.indexOf("background")], 1e-6);
            assertTrue(c.background() > 0);
        }
    }
}
