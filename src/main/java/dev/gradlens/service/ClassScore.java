package dev.gradlens.service;

/** One class of a prediction: index, label, softmax probability and pre-softmax score. */
public record ClassScore(int index, String label, float probability, float score) {
}
