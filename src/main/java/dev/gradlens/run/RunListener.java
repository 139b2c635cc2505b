package dev.gradlens.run;

/** Told the progress after each committed batch (on the thread that runs {@link RunEngine#execute}). */
@FunctionalInterface
public interface RunListener {
    void progress(RunProgress p);
}
