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

    /**
     * A name quoted from a file (a tensor name, a label) with its control characters escaped
     * ({@code \n}, {@code \u0007}), so a message quoting it stays one line (found by the fuzz test:
     * a mutated input name held a line break).
     */
    public static String oneLine(String message) {
        if (message == null) return null;
        StringBuilder sb = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (!Character.isISOControl(c)) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) sb = new StringBuilder(message.length() + 8).append(message, 0, i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? message : sb.toString();
    }
}
