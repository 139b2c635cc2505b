package dev.gradlens.run;

import dev.gradlens.GradLensException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting on the run's worker threads (decoding, writing) with one way of reporting their failures. */
final class Futures {
    private Futures() {
    }

    /**
     * The result of {@code f}. An interrupt becomes a cancellation; a failure becomes a GradLensException
     * saying {@code what} failed, or, with {@code rethrowRuntime}, the worker's own RuntimeException (its
     * message is already the one-line error to show, as RunWriter's are).
     */
    static <T> T await(Future<T> f, String what, boolean rethrowRuntime) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("run interrupted");
        } catch (ExecutionException e) {
            if (rethrowRuntime && e.getCause() instanceof RuntimeException re) throw re;
            throw new GradLensException(what + " failed: " + e.getCause(), e.getCause());
        }
    }
}
