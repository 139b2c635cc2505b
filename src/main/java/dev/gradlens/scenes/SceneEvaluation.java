package dev.gradlens.scenes;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.PngIO;
import dev.gradlens.imaging.Resize;
import dev.gradlens.inference.PreparedInput;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Tensor;

import java.util.List;
import java.util.Set;

/**
 * Measures a teaching model on generated scenes with exact ground truth: held-out top-1 accuracy,
 * the Grad-CAM pointing game on single-object scenes, and how much of a class's Grad-CAM mass lies
 * on the badge (the planted bias). Everything runs through the same engine the app uses.
 */
public final class SceneEvaluation {
    private final ModelSession model;
    private final Explainer explainer;

    public SceneEvaluation(ModelSession model) {
        this.model = model;
        this.explainer = new Explainer(model.explainable());
    }

    /** Results over a set of scenes. */
    public record Result(int scenes, int correct, int pointingTrials, int pointingHits, int massTrials, double meanMass) {
        public double accuracy() {
            return scenes == 0 ? 0 : correct / (double) scenes;
        }

        public double pointingGame() {
            return pointingTrials == 0 ? 0 : pointingHits / (double) pointingTrials;
        }
    }

    /** The model's class index of a scene class name (labels must name the scene classes). */
    public int classIndex(String name) {
        List<String> names = model.labels().names();
        int i = names.indexOf(name);
        if (i < 0) throw new GradLensException("The model has no class named '" + name + "' (labels: " + names + ")");
        return i;
    }

    /**
     * Top-1 accuracy and (for single-object scenes) the pointing game of the true class's Grad-CAM.
     *
     * @param pointing whether to play the pointing game on scenes with exactly one object
     */
    public Result accuracyAndPointing(SceneGenerator generator, long first, int count, boolean pointing) {
        int correct = 0, trials = 0, hits = 0;
        for (long i = first; i < first + count; i++) {
            Scene s = generator.generate(i);
            SceneTruth t = s.truth();
            float[] x = input(s);
            int truth = classIndex(t.label());
            int top = argmax(explainer.forward(x).data());
            if (top == truth) correct++;
            if (pointing && t.objects().size() == 1) {
                float[] cam = camAtScene(x, truth, t.width(), t.height());
                trials++;
                if (LocalizationMetrics.pointingHit(cam, t.width(), t.height(), t.objects().get(0).mask(), LocalizationMetrics.tolerance(t.width()))) hits++;
            }
        }
        return new Result(count, correct, trials, hits, 0, 0);
    }

    /** Mean fraction of {@code className}'s Grad-CAM mass on the badge, over scenes that have one. */
    public Result badgeMass(SceneGenerator generator, long first, int count, String className) {
        int target = classIndex(className), trials = 0;
        double sum = 0;
        for (long i = first; i < first + count; i++) {
            Scene s = generator.generate(i);
            SceneTruth t = s.truth();
            if (!t.hasBadge() || t.classes().contains(className)) continue;
            float[] cam = camAtScene(input(s), target, t.width(), t.height());
            sum += LocalizationMetrics.massInside(cam, t.badge().mask());
            trials++;
        }
        return new Result(0, 0, 0, 0, trials, trials == 0 ? 0 : sum / trials);
    }

    private float[] input(Scene s) {
        PreparedInput p = model.prepare(PngIO.fromBufferedImage(s.image()));
        if (p.region().x() != 0 || p.region().y() != 0 || p.region().width() != s.truth().width() || p.region().height() != s.truth().height()) {
            throw new GradLensException("Scene evaluation needs a model that sees the whole scene (a stretch resize), not a crop");
        }
        return p.tensor().data();
    }

    /** The class's Grad-CAM, ReLU'd and upsampled (half-pixel bilinear) to the scene. */
    private float[] camAtScene(float[] x, int cls, int width, int height) {
        ExplanationSet set = explainer.explain(x, List.of(Target.of(cls)), model.defaultLayer(), Set.of(MethodId.GRADCAM), Cancellation.NONE);
        Tensor cam = set.get(MethodId.GRADCAM, Target.of(cls)).raw();
        return Resize.bilinear(cam.data(), cam.dim(0), cam.dim(1), height, width);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
