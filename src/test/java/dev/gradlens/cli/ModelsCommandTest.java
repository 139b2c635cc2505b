package dev.gradlens.cli;

import dev.gradlens.catalog.CatalogEntry;
import dev.gradlens.catalog.LabelSource;
import dev.gradlens.catalog.ModelCatalog;
import dev.gradlens.catalog.ModelFetcher;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gradlens models list / fetch against a loopback server (no network). */
class ModelsCommandTest {
    @TempDir
    Path cache;

    record Run(int exit, String out, String err) {
    }

    private Run run(ModelsCommand cmd, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(cmd).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listAndFetch() throws Exception {
        byte[] model = new byte[300_000];
        new Random(5).nextBytes(model);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/model.onnx", ex -> {
            try (ex) {
                ex.sendResponseHeaders(200, model.length);
                ex.getResponseBody().write(model);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            CatalogEntry ok = entry("tiny-ok", List.of(base + "/model.onnx"), model);
            CatalogEntry broken = entry("tiny-broken", List.of(base + "/missing.onnx"), model);
            ModelCatalog catalog = ModelCatalog.of("test", List.of(ok, broken), Map.of());
            ModelsCommand cmd = new ModelsCommand(() -> catalog, dir -> new ModelFetcher(dir == null ? cache : dir));

            Run list = run(cmd, "list");
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().contains("tiny-ok") && list.out().contains("tiny-broken"), list.out());
            assertTrue(list.out().lines().filter(l -> l.startsWith("tiny-ok")).allMatch(l -> l.contains(" - ")), list.out());

            Path other = cache.resolve("other");
            Run fetch = run(new ModelsCommand(() -> catalog, dir -> new ModelFetcher(dir == null ? cache : dir)), "fetch", "tiny-ok", "--cache", other.toString());
            assertEquals(0, fetch.exit(), fetch.err());
            Path file = other.resolve("models/tiny-ok/model.onnx");
            assertTrue(Files.isRegularFile(file));
            assertEquals(List.of(file.toString(), other.resolve("models/tiny-ok/model.gradlens.json").toString()), fetch.out().lines().toList());
            assertTrue(fetch.err().contains("Downloading tiny-ok (300.0 kB) from " + base + "/model.onnx"), fetch.err());
            assertTrue(fetch.err().contains("300.0 kB / 300.0 kB (100%)"), fetch.err());
            assertTrue(fetch.err().contains("note: no class names are known for tiny-ok"), fetch.err());

            Run listed = run(new ModelsCommand(() -> catalog, dir -> new ModelFetcher(dir == null ? cache : dir)), "--cache", other.toString());
            assertTrue(listed.out().lines().filter(l -> l.startsWith("tiny-ok")).allMatch(l -> l.contains(" yes ")), listed.out());

            Run unknown = run(cmd, "fetch", "nope");
            assertEquals(2, unknown.exit(), "a user error, like every other command's");
            assertEquals("gradlens: error: Unknown model 'nope': the catalog has tiny-ok, tiny-broken", unknown.err().strip());

            Run failed = run(cmd, "fetch", "tiny-broken");
            assertEquals(2, failed.exit());
            String last = failed.err().strip().lines().reduce((a, b) -> b).orElse("");
            assertEquals("gradlens: error: Could not download tiny-broken (300.0 kB): " + base + "/missing.onnx: HTTP 404", last);
            assertFalse(Files.exists(cache.resolve("models/tiny-broken/model.onnx")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void helpNamesTheSubcommands() {
        Run help = run(new ModelsCommand(), "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("list") && help.out().contains("fetch"), help.out());
    }

    private static CatalogEntry entry(String id, List<String> urls, byte[] data) throws Exception {
        return new CatalogEntry(id, id + " model", urls, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)),
                data.length, 13, new CatalogEntry.Input("x", "NCHW", List.of(1, 3, 224, 224), List.of(224, 224), "RGB",
                "shorter-side-center-crop", 256, 1 / 255.0, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225)),
                new CatalogEntry.Output("y", "logits", List.of(1, 10)), null, null, null, "MIT", null, null, "documented", List.of());
    }

    @SuppressWarnings("unused")
    private static LabelSource none() {
        return null;
    }
}
