package dev.gradlens.inference;

import java.util.Random;

/** Inputs of the developer timing tools (not tests): one fixed image of standard-normal noise per model. */
public final class DevInputs {
    private DevInputs() {
    }

    /** {@code values} standard-normal floats from seed 1, the same image in every tool so their timings compare. */
    public static float[] gaussianImage(int values) {
        float[] x = new float[values];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }
}
