package dev.gradlens.inference;

import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.testsupport.ResNet50Shaped;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a model's resident memory goes, step by step (issue 12 item 3): loading and probing, the
 * forward session, each new gradient session (kept: the cache is made large enough), a batched
 * forward, closing. Prints one line per step: VmRSS, RssAnon, RssFile, Java heap used/committed,
 * direct buffers (MiB). Run it in a fresh JVM per configuration (ORT options through
 * {@code -Dgradlens.*} properties, glibc through {@code MALLOC_ARENA_MAX}).
 *
 * <p>Arguments: model path, or {@code resnet50-shaped} for {@link ResNet50Shaped} written to a temp dir;
 * gradient sessions to create (default 6).
 */
public final class SessionMemoryProbe {
    private SessionMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        step("jvm");
        Path model;
        if (args[0].equals("resnet50-shaped")) {
            Path dir = Files.createTempDirectory("gradlens-probe");
            model = ResNet50Shaped.write(dir, 50);
            model.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.gc();
            step("written");
        } else {
            model = Path.of(args[0]);
        }
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        ModelAnalysis analysis = ModelAnalysis.analyse(OnnxModelLoader.load(model), null, null, 1000);
        System.gc();
        step("analysed");
        List<String> layers = analysis.candidates().stream().map(LayerCandidate::tensor).toList();
        float[] x = new float[analysis.input().valuesPerImage()];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.0137);
        int k = analysis.classes();
        float[] seed = new float[k];
        seed[3] = 1;
        List<Set<RectifierPolicy>> policies = List.of(EnumSet.noneOf(RectifierPolicy.class), EnumSet.of(RectifierPolicy.GUIDED),
                EnumSet.of(RectifierPolicy.STANDARD));
        try (ExplainableModel m = new ExplainableModel(analysis, Device.CPU, 100)) {
            m.forward(x, 1);
            step("forward session + run");
            m.forward(x, 1);
            step("forward run 2");
            for (int i = 0; i < sessions; i++) {
                String layer = layers.get((i / policies.size()) % layers.size());
                Set<RectifierPolicy> p = policies.get(i % policies.size());
                long t0 = System.nanoTime();
                GradientResult gr = m.run(x, 1, seed, 1, layer, p);
                long t1 = System.nanoTime();
                double sum = 0;
                if (gr.layerGrad() != null) for (float v : gr.layerGrad().data()) sum += Math.abs(v);
                for (var t : gr.inputGrads().values()) for (float v : t.data()) sum += Math.abs(v);
                System.out.println("  checksum " + sum + " score " + gr.scores().data()[3]);
                step("gradient session " + (i + 1) + " " + layer + " " + p + " (" + (t1 - t0) / 1_000_000 + " ms)");
                m.run(x, 1, seed, 1, layer, p);
                step("  run again (" + (System.nanoTime() - t1) / 1_000_000 + " ms)");
            }
            float[] batch = new float[x.length * 8];
            for (int b = 0; b < 8; b++) System.arraycopy(x, 0, batch, b * x.length, x.length);
            m.forward(batch, 8);
            step("batched forward session + run (8)");
            m.forward(batch, 8);
            step("batched forward run 2");
        }
        System.gc();
        step("closed + gc");
        System.out.println("done");
    }

    /** glibc's allocator statistics (all arenas), through JNA. */
    public interface LibC extends com.sun.jna.Library {
        LibC C = com.sun.jna.Native.load("c", LibC.class);

        Mallinfo2.ByValue mallinfo2();

        int malloc_trim(long pad);
    }

    @com.sun.jna.Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost"})
    public static class Mallinfo2 extends com.sun.jna.Structure {
        public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;

        public static class ByValue extends Mallinfo2 implements com.sun.jna.Structure.ByValue {
        }
    }

    /** JVM committed memory by NMT category (needs -XX:NativeMemoryTracking=summary), "" without NMT. */
    static String nmt() {
        try {
            Object r = ManagementFactory.getPlatformMBeanServer().invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "vmNativeMemory", new Object[] {new String[] {"summary", "scale=MB"}}, new String[] {String[].class.getName()});
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Total: reserved=\\d+MB, committed=(\\d+)MB").matcher(r.toString());
            return m.find() ? " jvm " + m.group(1) : "";
        } catch (Exception ex) {
            return "";
        }
    }

    static void step(String what) throws IOException {
        long rss = 0, anon = 0, file = 0, hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) rss = kib(line);
            if (line.startsWith("RssAnon:")) anon = kib(line);
            if (line.startsWith("RssFile:")) file = kib(line);
            if (line.startsWith("VmHWM:")) hwm = kib(line);
        }
        Runtime rt = Runtime.getRuntime();
        long direct = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) direct = b.getMemoryUsed();
        }
        Mallinfo2 mi = LibC.C.mallinfo2();
        System.out.printf("%-58s rss %5d hwm %5d anon %5d file %4d heap %4d/%4d direct %4d malloc used %4d (mmap %4d) free %4d%s%n", what, rss / 1024, hwm / 1024,
                anon / 1024, file / 1024, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20, direct >> 20,
                (mi.uordblks + mi.hblkhd) >> 20, mi.hblkhd >> 20, mi.fordblks >> 20, nmt());
        if (Boolean.getBoolean("probe.trim")) {
            LibC.C.malloc_trim(0);
            if (!what.startsWith("  ")) step("  after malloc_trim");
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
