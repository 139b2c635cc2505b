package dev.gradlens.service;

/** A bundled sample scene: a title and the classpath resource of its PNG. */
public record SampleImage(String title, String resource) {
}
