package dev.gradlens.audit;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.inference.Device;
import dev.gradlens.scenes.ClipArtLibrary;
import dev.gradlens.scenes.MaskRle;
import dev.gradlens.scenes.Scene;
import dev.gradlens.scenes.SceneGenerator;
import dev.gradlens.scenes.SceneOptions;
import dev.gradlens.scenes.SceneSplit;
import dev.gradlens.scenes.SceneTruth;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Ranking;
import dev.gradlens.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A stand-in for the run engine of issue 8, for the audit's tests and demo only: it explains generated
 * scenes one by one through the same engine as {@code gradlens explain} (Grad-CAM at the model's default
 * layer for the true, the predicted and the --target classes) and writes the rows docs/run-database.md
 * describes (objects and badge as mask regions with their boxes; groups badge, layout, background).
 * The real engine batches, resumes and reads data sets from disk; the audit reads both alike.
 *
 * <pre>java -cp target/test-classes:target/classes:CP dev.gradlens.audit.SceneRunWriter MODEL.onnx OUT.duckdb IMAGES_DIR
 *      SEED COUNT SPLIT [--exclude a,b] [--bias-class C --bias-rate R] [--other-badge-rate R] [--target C]</pre>
 */
public final class SceneRunWriter {
    private SceneRunWriter() {
    }

    public static void write(ModelSession s, List<Scene> scenes, List<Integer> targets, Path file, Path imagesDir, String fingerprint) throws Exception {
        Explainer ex = new Explainer(s.explainable());
        String layer = s.defaultLayer();
        if (imagesDir != null) Files.createDirectories(imagesDir);
        List<String> labels = s.labels().names();
        int side = scenes.isEmpty() ? 0 : scenes.get(0).truth().width();
        String desc = "{\"input\": {\"size\": [" + s.preprocessing().width() + ", " + s.preprocessing().height() + "], \"resize\": \"stretch\"}}";
        Tensor probe = null;
        try (RunFixture f = new RunFixture(file, labels, "gradcam", targets.isEmpty() ? null : String.join(",", targets.stream().map(String::valueOf).toList()),
                0, 0, s.preprocessing().width(), s.preprocessing().height(), imagesDir == null ? "." : imagesDir.toString(), fingerprint, desc)) {
            for (int id = 0; id < scenes.size(); id++) {
                Scene sc = scenes.get(id);
                SceneTruth t = sc.truth();
                String name = String.format("scene-%06d.png", t.index());
                if (imagesDir != null) Files.write(imagesDir.resolve(name), sc.pngBytes());
                float[] x = s.prepare(PngIO.fromBufferedImage(sc.image())).tensor().data();
                float[] p = dev.gradlens.explain.Softmax.probabilities(ex.forward(x).data());
                int[] ranked = Ranking.all(p);
                int truth = labels.indexOf(t.label());
                Set<Integer> classes = new LinkedHashSet<>(List.of(truth, ranked[0]));
                classes.addAll(targets);
                List<Target> tl = classes.stream().map(Target::of).toList();
                ExplanationSet set = ex.explain(x, tl, layer, Set.of(MethodId.GRADCAM), Cancellation.NONE);
                f.image(id, name, truth, ranked[0], p[ranked[0]], t.width(), t.height());
                f.group(id, "badge", t.hasBadge() ? "yes" : "no").group(id, "layout", t.layout()).group(id, "background", t.background());
                for (SceneTruth.SceneObject o : t.objects()) {
                    int[] b = o.box();
                    f.mask(id, "object", labels.indexOf(o.className()), b[0], b[1], b[0] + b[2], b[1] + b[3], MaskRle.encode(o.mask()));
                }
                if (t.hasBadge()) {
                    int[] b = t.badge().box();
                    f.mask(id, "badge", null, b[0], b[1], b[0] + b[2], b[1] + b[3], MaskRle.encode(t.badge().mask()));
                }
                for (int c : classes) {
                    Tensor cam = set.get(MethodId.GRADCAM, Target.of(c)).raw();
                    f.map(id, "gradcam", c, false, cam.dim(0), cam.dim(1), cam.data());
                }
            }
        }
    }

    /** Scenes as the generator makes them (the same scenes as GenerateScenesMain with these options). */
    public static List<Scene> scenes(SceneOptions o, long seed, int count) {
        SceneGenerator g = new SceneGenerator(ClipArtLibrary.open(), o, seed);
        List<Scene> out = new ArrayList<>();
        for (long i = 0; i < count; i++) out.add(g.generate(i));
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]), out = Path.of(args[1]), images = Path.of(args[2]);
        long seed = Long.parseLong(args[3]);
        int count = Integer.parseInt(args[4]);
        SceneOptions o = SceneOptions.defaults().withSplit(SceneSplit.parse(args[5]));
        String bias = null, target = null;
        double biasRate = 0.95;
        Double other = null;
        for (int i = 6; i < args.length; i++) {
            switch (args[i]) {
                case "--exclude" -> o = o.withExclude(List.of(args[++i].split(",")));
                case "--bias-class" -> bias = args[++i];
                case "--bias-rate" -> biasRate = Double.parseDouble(args[++i]);
                case "--other-badge-rate" -> other = Double.parseDouble(args[++i]);
                case "--target" -> target = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        o = o.withBias(bias, biasRate, other != null ? other : bias != null ? 0.05 : 0.0);
        try (ModelSession s = ModelSession.open(model, null, null, Device.CPU)) {
            List<Integer> targets = target == null ? List.of() : List.of(s.resolveClass(target));
            long t0 = System.nanoTime();
            write(s, scenes(o, seed, count), targets, out, images, "scenes seed " + seed + " count " + count + " " + args[5]);
            System.out.printf("wrote %d scenes to %s in %.1f s%n", count, out, (System.nanoTime() - t0) / 1e9);
        }
    }
}
