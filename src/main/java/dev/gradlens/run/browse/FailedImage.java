package dev.gradlens.run.browse;

/** An image of the data set the run could not use, and why (status unreadable, missing or duplicate). */
public record FailedImage(int imageId, String path, String status, String error) {
}
