package dev.gradlens.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** bench names the machine: model, cores, the vector flags ORT dispatches on, ORT version. */
class MachineLineTest {
    @Test
    void readsModelAndVectorFlagsFromCpuinfo() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC  9654\n"
                + "flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512bw avx512_vnni avx512_bf16\n\n"
                + "processor\t: 1\nmodel name\t: AMD EPYC 9654\nflags\t\t: fpu\n";
        assertEquals("machine: AMD EPYC 9654 (amd64), 2 cores, flags: avx2 fma avx512f avx512_vnni avx512_bf16, ONNX Runtime 1.29.0",
                MachineLine.describe(cpuinfo, 2, "amd64", "1.29.0"));
    }

    @Test
    void avx2OnlyMachineAndFlagPrefixesDoNotCount() {
        // "avx512" alone is no flag; "avx2" must match as a whole word
        String cpuinfo = "model name : Intel(R) Xeon(R) CPU E5-2690 v4\nflags : sse4_2 avx avx2x avx2 fma\n";
        assertEquals("machine: Intel(R) Xeon(R) CPU E5-2690 v4 (amd64), 1 core, flags: avx2 fma, ONNX Runtime 1.20.0",
                MachineLine.describe(cpuinfo, 1, "amd64", "1.20.0"));
    }

    @Test
    void unknownWithoutCpuinfo() {
        assertEquals("machine: unknown CPU (aarch64), 4 cores, CPU flags unknown, ONNX Runtime unknown",
                MachineLine.describe("", 4, "aarch64", null));
    }
}
