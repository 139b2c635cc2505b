package dev.gradlens.spark;

import java.io.Serializable;

/**
 * The settings of a run as its run row stores them (methods, targets, top-k, layer), plus the
 * batch size: what every executor needs to compute the same rows as {@code gradlens run}.
 */
record RunSettings(String methods, String targets, int topK, String layer, int batch) implements Serializable {
}
