package dev.gradlens.service;

import java.util.List;

/** All classes ranked by probability (highest first). */
public record Prediction(List<ClassScore> ranked) {

    public List<ClassScore> top(int k) {
        return ranked.subList(0, Math.min(k, ranked.size()));
    }

    public ClassScore of(int classIndex) {
        for (ClassScore c : ranked) if (c.index() == classIndex) return c;
        throw new IllegalArgumentException("no class " + classIndex);
    }
}
