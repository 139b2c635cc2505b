package dev.gradlens.catalog;

/**
 * Hears how a fetch goes. Callbacks come from the fetching thread or the HTTP client's threads,
 * often (every received buffer): keep them short and throttle any printing.
 */
public interface FetchListener {
    /** A listener that ignores everything. */
    FetchListener NONE = (done, total) -> { };

    /** Bytes of the current file received so far (resumed bytes included) and its expected size. */
    void progress(long done, long total);

    /** A download from {@code url} starts; {@code resumeFrom} &gt; 0 when a partial file is continued. */
    default void attempt(String what, String url, long resumeFrom, long total) {
    }

    /** One line worth showing: a fallback taken, a restart, a verification. */
    default void message(String line) {
    }

    /** Polled while downloading: true stops the download (the partial file is kept for resuming). */
    default boolean cancelled() {
        return false;
    }
}
