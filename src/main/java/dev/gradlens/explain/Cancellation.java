package dev.gradlens.explain;

/** Polled between runs of long methods (Score-CAM batches, SmoothGrad) so a newer request can win. */
@FunctionalInterface
public interface Cancellation {
    Cancellation NONE = () -> false;

    boolean isCancelled();

    default void check() {
        if (isCancelled()) throw new java.util.concurrent.CancellationException("explanation cancelled");
    }
}
