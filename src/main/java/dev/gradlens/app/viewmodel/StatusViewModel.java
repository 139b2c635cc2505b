package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The window's non-blocking messages (one at a time, newest wins) and its running activities
 * (what the progress indicator says and what its cancel button stops). FX thread only.
 */
public final class StatusViewModel {
    private static final System.Logger LOG = System.getLogger("dev.gradlens.app");

    public enum Severity { INFO, WARNING, ERROR }

    /** A message for the notification bar; {@code action} may be null. Each call makes a new instance so the view re-shows it. */
    public record Notification(String message, Severity severity, String actionText, Runnable action) {
    }

    /** A running piece of work the user may cancel. */
    public static final class Activity {
        private final String text;
        private final Runnable cancel;

        private Activity(String text, Runnable cancel) {
            this.text = text;
            this.cancel = cancel;
        }

        public String text() {
            return text;
        }
    }

    private final ReadOnlyObjectWrapper<Notification> notification = new ReadOnlyObjectWrapper<>(this, "notification");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper(this, "busyText", "");
    private final ReadOnlyBooleanWrapper cancellable = new ReadOnlyBooleanWrapper(this, "cancellable");
    private final List<Activity> activities = new ArrayList<>();

    public ReadOnlyObjectProperty<Notification> notificationProperty() {
        return notification.getReadOnlyProperty();
    }

    public Notification getNotification() {
        return notification.get();
    }

    /** The text of the current notification, or null. */
    public String message() {
        Notification n = notification.get();
        return n == null ? null : n.message();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public boolean isBusy() {
        return busy.get();
    }

    public ReadOnlyStringProperty busyTextProperty() {
        return busyText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty cancellableProperty() {
        return cancellable.getReadOnlyProperty();
    }

    public void info(String message) {
        show(message, Severity.INFO, null, null);
    }

    public void warn(String message) {
        show(message, Severity.WARNING, null, null);
    }

    public void show(String message, Severity severity, String actionText, Runnable action) {
        notification.set(new Notification(message, severity, actionText, action));
    }

    /** Shows a failure as one line; cancellations are silent. Unexpected (non-GradLens) errors are logged with their trace. */
    public void error(Throwable t) {
        String m = messageOf(t);
        if (m == null) return;
        Throwable root = unwrap(t);
        if (!(root instanceof GradLensException)) LOG.log(System.Logger.Level.WARNING, m, root);
        show(m, Severity.ERROR, null, null);
    }

    public void dismiss() {
        notification.set(null);
    }

    public Activity begin(String text, Runnable cancel) {
        Activity a = new Activity(text, cancel);
        activities.add(a);
        update();
        return a;
    }

    public void end(Activity activity) {
        if (activity != null && activities.remove(activity)) update();
    }

    /** The cancel button: stops every cancellable activity. */
    public void cancelAll() {
        for (Activity a : List.copyOf(activities)) {
            if (a.cancel != null) {
                a.cancel.run();
                activities.remove(a);
            }
        }
        update();
    }

    private void update() {
        busy.set(!activities.isEmpty());
        busyText.set(activities.isEmpty() ? "" : activities.get(activities.size() - 1).text);
        cancellable.set(activities.stream().anyMatch(a -> a.cancel != null));
    }

    /** One line for the user, or null for a cancellation. */
    public static String messageOf(Throwable t) {
        Throwable root = unwrap(t);
        if (root instanceof CancellationException) return null;
        String m = root.getMessage();
        if (root instanceof GradLensException && m != null && !m.isBlank()) return firstLine(m);
        if (root instanceof OutOfMemoryError) return "Out of memory: try a smaller image or model";
        return "Unexpected error: " + root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " – " + firstLine(m));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
