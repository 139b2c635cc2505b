package dev.gradlens.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** bench's stage timing: rounds of warm-up + timed blocks per stage, timed by a fake clock that each stage advances. */
class StageRoundsTest {
    @Test
    void runsStagesInRoundsAndTimesOnlyTheBlocks() {
        long[] now = {0};
        List<String> calls = new ArrayList<>();
        // stage a takes 1 ms, stage b 3 ms, except b's untimed warm-up runs, which take 100 ms: they must not count
        int[] bRuns = {0};
        Runnable a = () -> {
            calls.add("a");
            now[0] += 1_000_000;
        };
        StageRounds rounds = new StageRounds(() -> now[0], 0);
        List<Boolean> bTimed = new ArrayList<>();
        Runnable b = () -> {
            calls.add("b");
            bTimed.add(rounds.timing());
            int k = bRuns[0]++ % (StageRounds.WARM_UP + StageRounds.BLOCK);
            now[0] += k < StageRounds.WARM_UP ? 100_000_000 : 3_000_000;
        };
        double[][] t = rounds.time(List.of(a, b), 7);

        // 7 runs = a block of 5 and one of 2; each block starts with 2 untimed runs
        List<String> expected = new ArrayList<>();
        for (int block : new int[] {5, 2}) {
            for (String s : new String[] {"a", "b"}) for (int i = 0; i < StageRounds.WARM_UP + block; i++) expected.add(s);
        }
        assertEquals(expected, calls);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1}, t[0], 1e-9);
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3, 3}, t[1], 1e-9, "the 100 ms warm-up runs are not timed");
        assertEquals(List.of(3.0, 3.0), StageRounds.roundRatios(t, 1, 0));
        // what a stage reads to keep only its timed runs' own numbers (bench's 5-panel split)
        assertEquals(List.of(false, false, true, true, true, true, true, false, false, true, true), bTimed);
        assertEquals(false, rounds.timing(), "not timing after the rounds");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, StageRounds.median(new double[] {3, 1, 2}), 0);
        assertEquals(2.5, StageRounds.median(new double[] {4, 1, 3, 2}), 0);
    }
}
