package dev.gradlens;

/**
 * A problem the user can act on. Its message is one clear line meant for the UI status bar and the
 * CLI (no stack trace is shown for these); the cause, when present, is kept for logs.
 */
public class GradLensException extends RuntimeException {
    public GradLensException(String message) {
        super(message);
    }

    public GradLensException(String message, Throwable cause) {
        super(message, cause);
    }
}
