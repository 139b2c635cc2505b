package dev.gradlens;

/**
 * A problem the user can act on. Its message is one clear line meant for the UI status bar and the
 * CLI (no stack trace is shown for these); the cause, when present, is kept for logs. Names quoted
 * from a file (a tensor name, a label) can hold line breaks or other control characters: they are
 * shown escaped ({@code \n}, {@code \u0007}) so the message stays one line.
 */
public class GradLensException extends RuntimeException {
    public GradLensException(String message) {
        super(oneLine(message));
    }

    public GradLensException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** The message with control characters escaped. */
    static String oneLine(String message) {
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
