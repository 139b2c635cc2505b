package dev.gradlens.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gradlens.catalog.CatalogEntry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Serves byte arrays on 127.0.0.1 (a free port) the way a download host does: 200, or 206 with
 * Content-Range for a "Range: bytes=N-" request; 404 for anything else. Records every request.
 * Plus the catalog entries the window's catalog tests download from it.
 */
public final class ModelServer implements AutoCloseable {
    public record Request(String path, String range) {
    }

    private final HttpServer http;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private volatile long pauseMillis;
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public ModelServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "model-server");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", this::handle);
        http.start();
    }

    /** Serves {@code data} at {@code path}; returns its URL. */
    public String serve(String path, byte[] data) {
        files.put(path, data);
        return url(path);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    /** Sleeps this long after each 64 kB sent, so a window test can watch the progress. */
    public void pauseBetweenChunks(long millis) {
        pauseMillis = millis;
    }

    public List<String> paths() {
        List<String> p = new ArrayList<>();
        for (Request r : requests) p.add(r.path());
        return p;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(new Request(path, range));
        try (ex) {
            byte[] data = files.get(path);
            if (data == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            int from = 0;
            if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                from = Integer.parseInt(range.substring(6, range.length() - 1));
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
                ex.sendResponseHeaders(206, data.length - from);
            } else {
                ex.sendResponseHeaders(200, data.length);
            }
            OutputStream out = ex.getResponseBody();
            for (int p = from; p < data.length; p += 65536) {
                out.write(data, p, Math.min(65536, data.length - p));
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
    }

    @Override
    public void close() {
        http.stop(0);
    }

    /** A catalog entry for {@code expected} (its size and SHA-256) at {@code url}: 224×224 RGB ImageNet conventions, no labels. */
    public static CatalogEntry entry(String id, String name, String url, byte[] expected, Double top1, String license) {
        return new CatalogEntry(id, name, List.of(url), sha256(expected), expected.length, 13,
                new CatalogEntry.Input("input", "NCHW", List.of("N", 3, 224, 224), List.of(224, 224), "RGB",
                        "shorter-side-center-crop", 256, 1 / 255.0, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225)),
                new CatalogEntry.Output("scores", "logits", List.of("N", 1000)), null, null, null,
                license, top1, null, "documented", List.of());
    }

    /** {@code n} reproducible pseudo-random bytes (a stand-in model file). */
    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
