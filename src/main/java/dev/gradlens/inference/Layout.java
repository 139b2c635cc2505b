package dev.gradlens.inference;

/** Memory order of the model's image input. */
public enum Layout { NCHW, NHWC }
