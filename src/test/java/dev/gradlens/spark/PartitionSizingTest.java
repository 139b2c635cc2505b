package dev.gradlens.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The default partition size, worked by hand from the rule in PartitionSizing's comment (0.05 s fixed, 3 %, 4 per slot, 120 s). */
class PartitionSizingTest {
    @Test
    void theTeachingModelOnTwoSlotsGetsPartitionsOfAtLeastItsCostFloorSpreadOverAMultipleOfTheSlots() {
        // cost: 0.05 / (0.03 * 0.0023) = 724.6 -> 725 images; balance 2000 / 8 = 250; 2000 / 725 -> 3 partitions -> 4 (2 slots) of 500
        assertEquals(500, PartitionSizing.choose(2000, 2, 0.0023));
    }

    @Test
    void aSmallJobStillGivesEverySlotAPartition() {
        // cost floor 725 > 400 / 2 = 200: one partition per slot
        assertEquals(200, PartitionSizing.choose(400, 2, 0.0023));
        assertEquals(400, PartitionSizing.choose(400, 1, 0.0023));
        // fewer images than slots: one image each
        assertEquals(1, PartitionSizing.choose(3, 8, 0.0023));
    }

    @Test
    void anImageNetModelOnAClusterIsBoundByTheTaskLength() {
        // t = 0.1 s: cost 17, balance 1e6 / 128 = 7813, length 120 / 0.1 = 1200 -> 1200; 834 partitions -> 864 (27 x 32 slots) of 1158
        assertEquals(1158, PartitionSizing.choose(1_000_000, 32, 0.1));
    }

    @Test
    void anUnmeasuredCostFallsBackToOnePartitionPerSlot() {
        // every probe image failed (t = 0): no cost floor or length bound, one partition per slot
        assertEquals(250, PartitionSizing.choose(1000, 4, 0));
        assertEquals(1, PartitionSizing.choose(0, 4, 0.01));
    }
}
