package dev.gradlens.run;

/** STUB: called on the engine's thread after each committed batch (the real one comes from the dataset-core branch). */
@FunctionalInterface
public interface RunListener {
    void progress(RunProgress p);
}
