package dev.gradlens.catalog;

import dev.gradlens.GradLensException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads catalog models into a per-user cache, only when asked ({@link #fetch}); constructing a
 * fetcher, listing and {@link #status} never touch the network.
 *
 * <p>Layout: {@code <cache>/models/<id>/model.onnx} with {@code model.gradlens.json} (descriptor) and
 * {@code labels.txt} beside it; {@code <cache>} is the constructor's folder, else the system property
 * {@value #CACHE_PROPERTY}, else {@code $XDG_CACHE_HOME/gradlens}, else {@code ~/.cache/gradlens}.
 *
 * <p>A download goes to {@code model.onnx.part}; it is moved to {@code model.onnx} only once its size
 * and SHA-256 match the catalog. An interrupted download keeps the .part file, and the next attempt
 * (the next URL, or the next fetch) continues it with an HTTP Range request; a server that ignores
 * Range answers 200 and the download starts over. URLs are tried in catalog order. A checksum
 * mismatch deletes the bad file.
 *
 * <p>Why not DJL's download machinery ({@code ai.djl.training.util.DownloadUtils},
 * {@code ai.djl.repository.SimpleUrlRepository}, checked in DJL 0.38): it has progress
 * ({@code ai.djl.util.Progress}) but no resume (no Range request; DownloadUtils returns early when
 * the target exists, even half-written), no SHA-256 (repository artifacts carry only an unchecked
 * sha1), no fallback URLs, caches under DJL's own folder, and its {@code Utils.openUrl} refuses
 * non-public hosts (our loopback tests) unless a global "insecure URL" switch is set. Its
 * repository also honours {@code ai.djl.offline}, which GradLens sets on purpose before DJL loads.
 * So this class uses {@link java.net.http.HttpClient}, with a push subscriber writing straight to the
 * .part file while hashing, and a stall watchdog that cancels a silent connection.
 */
public final class ModelFetcher {
    public static final String CACHE_PROPERTY = "gradlens.cache";
    public static final String MODEL_FILE = "model.onnx";
    public static final String DESCRIPTOR_FILE = "model.gradlens.json";
    public static final String LABELS_FILE = "labels.txt";
    public static final String PART_SUFFIX = ".part";
    private static final Duration DEFAULT_STALL = Duration.ofSeconds(60);

    private final Path cacheRoot;
    private final HttpClient client;
    private final Duration stallTimeout;

    /** The per-user cache ({@link #defaultCacheRoot()}). */
    public ModelFetcher() {
        this(defaultCacheRoot());
    }

    /** @param cacheRoot the GradLens cache folder; models go to {@code cacheRoot/models/<id>/} */
    public ModelFetcher(Path cacheRoot) {
        this(cacheRoot, null, DEFAULT_STALL);
    }

    /**
     * @param client       HTTP client to use (null: one following redirects, HTTPS never downgraded to HTTP)
     * @param stallTimeout how long a connection may send nothing before the attempt is given up
     */
    public ModelFetcher(Path cacheRoot, HttpClient client, Duration stallTimeout) {
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
        this.client = client != null ? client : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        this.stallTimeout = stallTimeout;
    }

    /** {@value #CACHE_PROPERTY} when set, else $XDG_CACHE_HOME/gradlens, else ~/.cache/gradlens. */
    public static Path defaultCacheRoot() {
        String p = System.getProperty(CACHE_PROPERTY);
        if (p != null && !p.isBlank()) return Path.of(p);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "gradlens");
        return Path.of(System.getProperty("user.home"), ".cache", "gradlens");
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    public Path modelDir(CatalogEntry e) {
        return cacheRoot.resolve("models").resolve(e.id());
    }

    public Path modelFile(CatalogEntry e) {
        return modelDir(e).resolve(MODEL_FILE);
    }

    public Path partFile(CatalogEntry e) {
        return modelDir(e).resolve(MODEL_FILE + PART_SUFFIX);
    }

    public Path descriptorFile(CatalogEntry e) {
        return modelDir(e).resolve(DESCRIPTOR_FILE);
    }

    /** What the cache holds for an entry, judged by file sizes only (no hashing, no network). */
    public Status status(CatalogEntry e) {
        try {
            Path m = modelFile(e);
            if (Files.isRegularFile(m) && Files.size(m) == e.size()) return new Status(State.CACHED, e.size());
            Path part = partFile(e);
            if (Files.isRegularFile(part)) return new Status(State.PARTIAL, Files.size(part));
        } catch (IOException ignored) {
            // unreadable: report as absent
        }
        return new Status(State.ABSENT, 0);
    }

    public enum State { ABSENT, PARTIAL, CACHED }

    /** @param bytes bytes present (the model's size when cached, the .part size when partial) */
    public record Status(State state, long bytes) {
    }

    /** Fetches a catalog model by id, with the catalog's label list. */
    public FetchResult fetch(ModelCatalog catalog, String id, FetchListener listener) {
        CatalogEntry e = catalog.find(id);
        return fetch(e, catalog.labels(e.labels()).orElse(null), listener);
    }

    /**
     * Makes sure the model is in the cache, verified, with its descriptor and labels: downloads what
     * is missing (resuming a partial download), trying the entry's URLs in order.
     *
     * @param labels the entry's label list (null: labels are written as "class N")
     * @throws GradLensException one line naming each URL tried and what went wrong
     */
    public FetchResult fetch(CatalogEntry e, LabelSource labels, FetchListener listener) {
        FetchListener l = listener == null ? FetchListener.NONE : listener;
        Path dir = modelDir(e);
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new GradLensException("Cannot create the model cache folder " + dir + ": " + ex.getMessage(), ex);
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockFile, e)) {
            List<String> notes = new ArrayList<>();
            Path model = modelFile(e);
            String url = null;
            if (Files.isRegularFile(model)) {
                l.message("verifying the cached " + e.id() + " (" + e.sizeText() + ")");
                if (Files.size(model) == e.size() && sha256(model).equals(e.sha256())) {
                    l.progress(e.size(), e.size());
                } else {
                    Files.delete(model);
                    notes.add("the cached " + MODEL_FILE + " did not match the catalog's sha256 and was downloaded again");
                }
            }
            if (!Files.isRegularFile(model)) url = download(e.id() + " (" + e.sizeText() + ")", e.urls(), model, e.sha256(), e.size(), l);
            Path labelsFile = dir.resolve(LABELS_FILE);
            Path descriptor = descriptorFile(e);
            boolean labelsOk = Files.isRegularFile(labelsFile) && !Descriptors.isPlaceholder(descriptor);
            Descriptors.LabelsOutcome labelsOutcome = labelsOk ? Descriptors.LabelsOutcome.real(labelsSourceText(labels))
                    : fetchLabels(e, labels, dir, l);
            if (labelsOutcome.note() != null) notes.add(labelsOutcome.note());
            if (url != null || !Files.isRegularFile(descriptor) || !labelsOk) {
                notes.addAll(Descriptors.write(e, model, descriptor, labelsOutcome, url != null ? url : e.urls().get(0)));
            }
            return new FetchResult(e, model, descriptor, labelsFile, url, notes);
        } catch (IOException ex) {
            throw new GradLensException("Cannot write to the model cache " + dir + ": " + ex.getMessage(), ex);
        }
    }

    private static FileLock tryLock(FileChannel ch, CatalogEntry e) throws IOException {
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) return lock;
        } catch (OverlappingFileLockException ignored) {
            // held by this JVM
        }
        throw new GradLensException("Another GradLens is fetching " + e.id() + " right now; try again when it has finished");
    }

    private static String labelsSourceText(LabelSource s) {
        return s == null ? null : s.urls().isEmpty() ? null : s.urls().get(0);
    }

    /** labels.txt from the label list (verified), or numbered placeholders with a note. */
    private Descriptors.LabelsOutcome fetchLabels(CatalogEntry e, LabelSource source, Path dir, FetchListener l) throws IOException {
        int classes = Descriptors.classCount(e);
        Path labelsFile = dir.resolve(LABELS_FILE);
        if (source == null || source.urls().isEmpty()) {
            Descriptors.writePlaceholderLabels(labelsFile, classes);
            return Descriptors.LabelsOutcome.placeholder("no class names are known for " + e.id() + ": labels are numbered (class 0, class 1, ...)");
        }
        Path raw = dir.resolve("synset.txt");
        try {
            String url = download("the class names", source.urls(), raw, source.sha256(), source.size(), l);
            List<String> names = Descriptors.synsetNames(Files.readAllLines(raw, StandardCharsets.UTF_8));
            if (source.classes() > 0 && names.size() != source.classes()) {
                throw new GradLensException("the class-name list has " + names.size() + " entries, not " + source.classes());
            }
            Files.write(labelsFile, names, StandardCharsets.UTF_8);
            return Descriptors.LabelsOutcome.real(url);
        } catch (GradLensException ex) {
            Descriptors.writePlaceholderLabels(labelsFile, classes);
            return Descriptors.LabelsOutcome.placeholder("class names could not be fetched (" + ex.getMessage()
                    + "): labels are numbered (class 0, class 1, ...); fetch again to retry");
        }
    }

    // ---- downloading ------------------------------------------------------------------------------

    /** Downloads to {@code target} (via target.part), trying each URL in turn; returns the URL that worked. */
    String download(String what, List<String> urls, Path target, String sha256, long size, FetchListener l) {
        Path part = target.resolveSibling(target.getFileName() + PART_SUFFIX);
        List<String> failures = new ArrayList<>();
        for (String url : urls) {
            if (l.cancelled()) break;
            try {
                attempt(what, url, part, sha256, size, l);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return url;
            } catch (AttemptFailed f) {
                failures.add(url + ": " + f.getMessage());
                if (f.cancelled) break;
                if (urls.size() > 1) l.message(url + ": " + f.getMessage());
            } catch (IOException ex) {
                throw new GradLensException("Cannot write " + part + ": " + ex.getMessage(), ex);
            }
        }
        long kept = sizeOf(part);
        StringBuilder msg = new StringBuilder("Could not download ").append(what).append(": ").append(String.join("; ", failures));
        if (failures.isEmpty()) msg.append("cancelled");
        if (kept > 0) {
            msg.append(". The partial file (").append(megabytes(kept)).append(" of ").append(megabytes(size)).append(") is kept in ")
                    .append(part).append(" and the next fetch resumes it");
        }
        throw new GradLensException(msg.toString());
    }

    /** One URL: leaves a complete, verified .part file or throws. */
    private void attempt(String what, String url, Path part, String sha256, long size, FetchListener l) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException ex) {
            throw new AttemptFailed("not a valid URL");
        }
        long have = sizeOf(part);
        if (have > size) {
            Files.delete(part);
            have = 0;
        }
        MessageDigest md = newSha256();
        if (have > 0) {
            try (InputStream in = Files.newInputStream(part)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
        }
        if (have == size) {
            // A previous attempt got every byte; only the check is left.
            verify(part, md, sha256);
            return;
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().header("User-Agent", "GradLens")
                .timeout(stallTimeout.plusSeconds(5));
        if (have > 0) rb.header("Range", "bytes=" + have + "-");
        l.attempt(what, url, have, size);
        if (have > 0) l.message("resuming " + what + " at " + megabytes(have) + " from " + uri.getHost());
        Sink sink = new Sink(part, md, have, size, l);
        CompletableFuture<HttpResponse<Void>> f;
        try {
            f = client.sendAsync(rb.build(), sink);
        } catch (IllegalArgumentException ex) {
            throw new AttemptFailed("not a URL GradLens can fetch (" + ex.getMessage() + ")");
        }
        long stallNanos = stallTimeout.toNanos();
        try {
            while (true) {
                try {
                    f.get(200, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException te) {
                    if (l.cancelled()) {
                        f.cancel(true);
                        sink.close();
                        throw new AttemptFailed("cancelled after " + megabytes(sink.total()) + " of " + megabytes(size), true);
                    }
                    if (System.nanoTime() - sink.lastActivity > stallNanos) {
                        f.cancel(true);
                        sink.close();
                        throw new AttemptFailed("no data for " + seconds(stallTimeout) + " after " + megabytes(sink.total()) + " of " + megabytes(size));
                    }
                }
            }
        } catch (ExecutionException ex) {
            sink.close();
            if (sink.problem != null) throw new AttemptFailed(sink.problem);
            if (l.cancelled()) throw new AttemptFailed("cancelled after " + megabytes(sink.total()) + " of " + megabytes(size), true);
            throw new AttemptFailed(describe(ex.getCause()) + (sink.total() > 0 ? " after " + megabytes(sink.total()) + " of " + megabytes(size) : ""));
        } catch (InterruptedException ex) {
            f.cancel(true);
            sink.close();
            Thread.currentThread().interrupt();
            throw new AttemptFailed("interrupted after " + megabytes(sink.total()) + " of " + megabytes(size), true);
        }
        sink.close();
        if (sink.problem != null) throw new AttemptFailed(sink.problem);
        if (sink.restarted) l.message(uri.getHost() + " does not support resuming: downloaded " + what + " from the start");
        if (sink.total() < size) {
            throw new AttemptFailed("connection closed after " + megabytes(sink.total()) + " of " + megabytes(size));
        }
        verify(part, md, sha256);
    }

    private static void verify(Path part, MessageDigest md, String sha256) throws IOException {
        String got = HexFormat.of().formatHex(md.digest());
        if (!got.equalsIgnoreCase(sha256)) {
            Files.deleteIfExists(part);
            throw new AttemptFailed("checksum mismatch (sha256 " + got.substring(0, 12) + "… instead of " + sha256.substring(0, 12)
                    + "…): the bad file was deleted");
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof HttpTimeoutException) return "timed out";
        if (t instanceof java.net.ConnectException) return "cannot connect" + (t.getMessage() != null ? " (" + t.getMessage() + ")" : "");
        if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) return "unknown host";
        if (t instanceof javax.net.ssl.SSLException) return "TLS failed (" + t.getMessage() + ")";
        if (t instanceof IOException && t.getCause() != null && t.getMessage() == null) return describe(t.getCause());
        String m = t.getMessage();
        if (m == null || m.isBlank()) return "connection failed (" + t.getClass().getSimpleName() + ")";
        if (t instanceof java.io.EOFException || m.contains("content-length") || m.contains("closed")) return "connection closed early";
        return "connection failed (" + m.replaceAll("\\s+", " ") + ")";
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static long sizeOf(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** "14.2 MB" (decimal megabytes, as the Model Zoo lists sizes). */
    public static String megabytes(long bytes) {
        if (bytes < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Why one URL failed; the message is a fragment of the final one-line error. */
    private static final class AttemptFailed extends IOException {
        final boolean cancelled;

        AttemptFailed(String message) {
            this(message, false);
        }

        AttemptFailed(String message, boolean cancelled) {
            super(message);
            this.cancelled = cancelled;
        }
    }

    /**
     * Decides from the status line whether to append (206 to our Range), start over (200) or give
     * up (anything else), then writes the body to the .part file as it arrives, hashing it.
     */
    private static final class Sink implements HttpResponse.BodyHandler<Void> {
        private final Path part;
        private final MessageDigest md;
        private final long size;
        private final FetchListener listener;
        private final Object lock = new Object();
        private long start;
        private volatile long written;
        volatile long lastActivity = System.nanoTime();
        volatile String problem;
        volatile boolean restarted;
        private FileChannel channel;
        private boolean closed;

        Sink(Path part, MessageDigest md, long have, long size, FetchListener listener) {
            this.part = part;
            this.md = md;
            this.start = have;
            this.size = size;
            this.listener = listener;
        }

        long total() {
            return start + written;
        }

        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            lastActivity = System.nanoTime();
            int status = info.statusCode();
            Optional<String> range = info.headers().firstValue("Content-Range");
            long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            try {
                if (status == 206 && start > 0) {
                    long[] cr = parseContentRange(range.orElse(""));
                    if (cr == null || cr[0] != start) {
                        return refuse("resumed at the wrong place (Content-Range '" + range.orElse("") + "', wanted byte " + start + ")");
                    }
                    if (cr[2] >= 0 && cr[2] != size) return refuse(sizeProblem(cr[2]));
                    open(StandardOpenOption.APPEND);
                } else if (status == 200) {
                    if (length >= 0 && length != size) return refuse(sizeProblem(length));
                    if (start > 0) {
                        restarted = true;
                        synchronized (md) {
                            md.reset();
                        }
                        start = 0;
                    }
                    open(StandardOpenOption.TRUNCATE_EXISTING);
                } else if (status == 416 && start > 0) {
                    Files.deleteIfExists(part);
                    start = 0;
                    return refuse("HTTP 416: the server cannot resume this partial file, so it was dropped");
                } else {
                    return refuse("HTTP " + status);
                }
            } catch (IOException ex) {
                return refuse("cannot write " + part + " (" + ex.getMessage() + ")");
            }
            listener.progress(total(), size);
            return new Writer();
        }

        private String sizeProblem(long offered) {
            return "the server offers " + offered + " bytes, the catalog expects " + size
                    + (offered < 4096 ? " (an error page or a Git LFS pointer, not the model)" : "");
        }

        private HttpResponse.BodySubscriber<Void> refuse(String why) {
            problem = why;
            return HttpResponse.BodySubscribers.replacing(null);
        }

        private void open(StandardOpenOption mode) throws IOException {
            synchronized (lock) {
                channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
            }
        }

        void close() {
            synchronized (lock) {
                closed = true;
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // nothing more to write
                    }
                }
            }
        }

        /** "bytes 100-199/1000" → {100, 199, 1000} (total −1 for "*"); null when unreadable. */
        static long[] parseContentRange(String v) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)").matcher(v.trim());
            if (!m.matches()) return null;
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3))};
        }

        private final class Writer implements HttpResponse.BodySubscriber<Void> {
            private final CompletableFuture<Void> body = new CompletableFuture<>();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<Void> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                lastActivity = System.nanoTime();
                try {
                    synchronized (lock) {
                        if (closed) {
                            subscription.cancel();
                            body.completeExceptionally(new IOException("download stopped"));
                            return;
                        }
                        for (ByteBuffer b : buffers) {
                            int n = b.remaining();
                            if (total() + n > size) {
                                problem = "the server sent more than the expected " + size + " bytes";
                                subscription.cancel();
                                body.completeExceptionally(new IOException(problem));
                                return;
                            }
                            synchronized (md) {
                                md.update(b.duplicate());
                            }
                            while (b.hasRemaining()) channel.write(b);
                            written += n;
                        }
                    }
                } catch (IOException ex) {
                    subscription.cancel();
                    body.completeExceptionally(ex);
                    return;
                }
                listener.progress(total(), size);
                if (listener.cancelled()) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("cancelled"));
                    return;
                }
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                body.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                body.complete(null);
            }
        }
    }
}
