package dev.gradlens.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server (127.0.0.1, free port) serving files the way real download hosts do or
 * fail: with Range support (206 + Content-Range), without it, 404, corrupted bytes, a connection
 * cut half-way, a Git LFS pointer instead of the file, or a stall; optionally slowly, so a window
 * test can watch the progress. Records every request. Used by the catalog and the window's tests.
 */
public final class LoopbackServer implements AutoCloseable {
    public enum Mode { RANGE, NO_RANGE, NOT_FOUND, CORRUPT, CUT_ONCE, LFS_POINTER, STALL }

    public record Request(String path, String range) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final AtomicLong bytesSent = new AtomicLong();
    private volatile long pauseMillis;

    public LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code data} at {@code path} with Range support; returns the URL. */
    public String serve(String path, byte[] data) {
        return serve(path, data, Mode.RANGE);
    }

    /** Serves {@code data} at {@code path} in the given mode; returns the URL. */
    public String serve(String path, byte[] data, Mode mode) {
        files.put(path, data);
        modes.put(path, mode);
        return url(path);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void mode(String path, Mode mode) {
        modes.put(path, mode);
    }

    public int requestCount() {
        return requests.size();
    }

    /** The paths asked for, in order. */
    public List<String> paths() {
        List<String> p = new java.util.ArrayList<>();
        for (Request r : requests) p.add(r.path());
        return p;
    }

    /** Sleeps this long after each 64 kB sent, so a window test can watch the progress. */
    public void pauseBetweenChunks(long millis) {
        pauseMillis = millis;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(new Request(path, range));
        try (ex) {
            byte[] data = files.get(path);
            Mode mode = modes.getOrDefault(path, Mode.NOT_FOUND);
            if (data == null || mode == Mode.NOT_FOUND) {
                byte[] body = "Not Found".getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(404, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            int count = served.computeIfAbsent(path, k -> new AtomicInteger()).getAndIncrement();
            switch (mode) {
                case LFS_POINTER -> {
                    byte[] body = ("version https://git-lfs.github.com/spec/v1\noid sha256:0123\nsize " + data.length + "\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
                case CORRUPT -> {
                    byte[] bad = data.clone();
                    bad[bad.length / 3] ^= 0x5a;
                    send(ex, 200, bad, 0, bad.length, null);
                }
                case CUT_ONCE -> {
                    if (count == 0) {
                        // Promise the whole file, send half, then drop the connection.
                        ex.sendResponseHeaders(200, data.length);
                        OutputStream out = ex.getResponseBody();
                        out.write(data, 0, data.length / 2);
                        out.flush();
                        bytesSent.addAndGet(data.length / 2);
                        throw new IOException("connection cut on purpose");
                    }
                    serveRange(ex, data, range);
                }
                case STALL -> {
                    ex.sendResponseHeaders(200, data.length);
                    OutputStream out = ex.getResponseBody();
                    out.write(data, 0, 1000);
                    out.flush();
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("stalled on purpose");
                }
                case NO_RANGE -> send(ex, 200, data, 0, data.length, null);
                default -> serveRange(ex, data, range);
            }
        }
    }

    private void serveRange(HttpExchange ex, byte[] data, String range) throws IOException {
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            int from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= data.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            send(ex, 206, data, from, data.length - from, "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
        } else {
            send(ex, 200, data, 0, data.length, null);
        }
    }

    private void send(HttpExchange ex, int status, byte[] data, int off, int len, String contentRange) throws IOException {
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (contentRange != null) ex.getResponseHeaders().set("Content-Range", contentRange);
        ex.sendResponseHeaders(status, len);
        OutputStream out = ex.getResponseBody();
        for (int p = off; p < off + len; p += 65536) {
            int n = Math.min(65536, off + len - p);
            out.write(data, p, n);
            bytesSent.addAndGet(n);
            if (pauseMillis > 0) {
                out.flush();
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
