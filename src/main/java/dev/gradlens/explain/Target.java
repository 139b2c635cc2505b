package dev.gradlens.explain;

/**
 * What to explain: a class, and whether to explain its counterfactual (the negated gradient,
 * Grad-CAM paper §3.2: "what would make the model less sure of this class"). A value: the seed of
 * the gradient graph is derived from it, so no method carries a counterfactual flag of its own.
 */
public record Target(int classIndex, boolean counterfactual) {

    public static Target of(int classIndex) {
        return new Target(classIndex, false);
    }

    /** The same class with the counterfactual flag set as given. */
    public Target withCounterfactual(boolean cf) {
        return cf == counterfactual ? this : new Target(classIndex, cf);
    }

    /** The ±one-hot seed row over {@code classes} scores. */
    public float[] seed(int classes) {
        if (classIndex < 0 || classIndex >= classes) {
            throw new dev.gradlens.GradLensException("Class " + classIndex + " is out of range: the model has " + classes + " classes (0–" + (classes - 1) + ")");
        }
        float[] s = new float[classes];
        s[classIndex] = counterfactual ? -1f : 1f;
        return s;
    }
}
