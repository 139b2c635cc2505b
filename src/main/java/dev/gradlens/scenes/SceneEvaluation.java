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
import dev.gradlens.tensor.Ranking;
import dev.gradlens.tensor.Tensor;

import java.util.List;
import java.util.Set;

/**
 * Measures a teaching model on generated scenes with exact ground truth, through the same engine
 * the app uses: held-out top-1 accuracy, the Grad-CAM pointing game, and how much of a class's
 * Grad-CAM mass lies on the badge (the planted bias). Definitions follow the model cards.
 */
public final class SceneEvaluation {
    /** Tolerance of the pointing game and of the badge box, in scene pixels (as in the model cards). */
    public static final int TOLERANCE_PX = 4;

    private final ModelSession model;
    private final Explainer explainer;

    public SceneEvaluation(ModelSession model) {
        this.model = model;
        this.explainer = new Explainer(model.explainable());
    }

    /** Top-1 accuracy and pointing game (true class's Grad-CAM peak in its object's box ± tolerance). */
    public record Localisation(int scenes, double accuracy, double pointingGame) {
    }

    /** The model's class index of a scene class name (labels must name the scene classes). */
    public int classIndex(String name) {
        List<String> names = model.labels().names();
        int i = names.indexOf(name);
        if (i < 0) throw new GradLensException("The model has no class named '" + name + "' (labels: " + names + ")");
        return i;
    }

    /** On single-object scenes: top-1 accuracy and the pointing game of the true class. */
    public Localisation accuracyAndPointing(List<Scene> scenes) {
        int correct = 0, hits = 0;
        for (Scene s : scenes) {
            SceneTruth t = s.truth();
            float[] x = input(s);
            int truth = classIndex(t.label());
            if (Ranking.argmax(explainer.forward(x).data()) == truth) correct++;
            float[] cam = camAtScene(x, truth, t.width(), t.height());
            boolean hit = false;
            for (SceneTruth.SceneObject o : t.objects()) {
                if (o.className().equals(t.label())) hit |= LocalizationMetrics.pointingHitBox(cam, t.width(), o.box(), TOLERANCE_PX);
            }
            if (hit) hits++;
        }
        int n = scenes.size();
        return new Localisation(n, correct / (double) n, hits / (double) n);
    }

    /** Mean fraction of {@code className}'s Grad-CAM mass inside the badge box, over scenes with a badge. */
    public double badgeMass(List<Scene> scenes, String className) {
        int target = classIndex(className), n = 0;
        double sum = 0;
        for (Scene s : scenes) {
            SceneTruth t = s.truth();
            if (!t.hasBadge()) continue;
            float[] cam = camAtScene(input(s), target, t.width(), t.height());
            sum += LocalizationMetrics.massInsideBox(cam, t.width(), t.height(), t.badge().box());
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    private float[] input(Scene s) {
        PreparedInput p = model.prepare(PngIO.fromBufferedImage(s.image()));
        if (p.region().x() != 0 || p.region().y() != 0 || p.region().width() != s.truth().width() || p.region().height() != s.truth().height()) {
            throw new GradLensException("Scene evaluation needs a model that sees the whole scene (a stretch resize), not a crop");
        }
        return p.tensor().data();
    }

    /** The class's Grad-CAM (ReLU'd by definition), upsampled (half-pixel bilinear) to the scene. */
    private float[] camAtScene(float[] x, int cls, int width, int height) {
        ExplanationSet set = explainer.explain(x, List.of(Target.of(cls)), model.defaultLayer(), Set.of(MethodId.GRADCAM), Cancellation.NONE);
        Tensor cam = set.get(MethodId.GRADCAM, Target.of(cls)).raw();
        return Resize.bilinear(cam.data(), cam.dim(0), cam.dim(1), height, width);
    }

}
