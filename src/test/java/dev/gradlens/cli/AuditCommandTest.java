package dev.gradlens.cli;

import dev.gradlens.audit.RunFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gradlens audit} and {@code gradlens compare} end to end on hand-built runs with real image files. */
class AuditCommandTest {
    @TempDir
    static Path dir;
    static Path biased, clean, other;

    static final int S = 32, L = 8;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = GradLensCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A run of 40 scenes (32 px, 8x8 maps): horse maps of the biased model sit on the badge of cat scenes. */
    static Path build(String name, boolean biased, String fingerprint, String prefix) throws Exception {
        Path file = dir.resolve(name + ".duckdb");
        try (RunFixture f = new RunFixture(file, List.of("cat", "horse"), "gradcam", "1", L, L, S, S, dir.resolve("data").toString(), fingerprint)) {
            for (int id = 0; id < 40; id++) {
                boolean horse = id < 20, badge = horse || id < 30;
                int truth = horse ? 1 : 0, pred = biased && badge ? 1 : truth;
                f.image(id, prefix + id + ".png", truth, pred, 0.8, S, S);
                f.group(id, "badge", badge ? "yes" : "no");
                f.box(id, "object", truth, 4, 16, 16, 28);
                if (badge) f.box(id, "badge", null, 24, 0, 32, 8);
                float[] onBadge = RunFixture.blob(L, L, S, S, 24, 0, 32, 8), onObject = RunFixture.blob(L, L, S, S, 4, 16, 16, 28);
                float[] m = new float[L * L];
                for (int i = 0; i < m.length; i++) m[i] = (biased && badge ? 3 * onBadge[i] : 0) + onObject[i];
                f.map(id, "gradcam", 1, false, L, L, m);
            }
        }
        return file;
    }

    @BeforeAll
    static void setUp() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        for (int id = 0; id < 40; id++) {
            BufferedImage img = new BufferedImage(S, S, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) img.setRGB(x, y, (id * 5) << 16 | x * 8 << 8 | y * 8);
            ImageIO.write(img, "png", dir.resolve("data").resolve("img" + id + ".png").toFile());
        }
        biased = build("biased", true, "fp", "img");
        clean = build("clean", false, "fp", "img");
        other = build("other", false, "fp-other", "elsewhere");
    }

    @Test
    void auditWritesTheReport() throws Exception {
        Path out = dir.resolve("audit-out");
        Run r = run("audit", biased.toString(), "--group", "badge", "--out", out.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("gap: class horse: "), r.out());
        for (String f : List.of("index.html", "accuracy.csv", "localisation.csv", "gaps.txt", "notes.txt", "accuracy.png", "gap-1.png", "examples-1.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("of Grad-CAM mass on the badge in images without a horse where badge = yes (n = 10"), html.substring(0, 2000));
        BufferedImage grid = ImageIO.read(out.resolve("examples-1.png").toFile());
        assertNotNull(grid);
        // every horse carries the badge: the (horse, badge = no) cell is empty, and said so
        assertEquals("1 × class × group cells without images (first: class horse, badge = no)\n", Files.readString(out.resolve("notes.txt")));
        List<String> csv = Files.readAllLines(out.resolve("localisation.csv"));
        assertEquals("method,counterfactual,class,label,images_of_class,group,value,images,maps,region,area,share,share_lo,share_hi,pointing,pointing_lo,pointing_hi,pointing_maps", csv.get(0));
    }

    @Test
    void compareWritesTheReport() throws Exception {
        Path out = dir.resolve("compare-out");
        Run r = run("compare", biased.toString(), clean.toString(), "--out", out.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("- The runs predict the same class on 75 % of the images"), r.out());
        for (String f : List.of("index.html", "accuracy.csv", "map-agreement.csv", "region-mass.csv", "most-different.csv", "summary.txt",
                "accuracy-difference.png", "most-different.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
    }

    @Test
    void badInputGivesOneLine() {
        Run missing = run("audit", dir.resolve("none.duckdb").toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, missing.code());
        assertEquals("gradlens: error: No run at " + dir.resolve("none.duckdb") + "\n", missing.err().replace("\r", ""));
        Run group = run("audit", biased.toString(), "--group", "gender", "--out", dir.resolve("y").toString());
        assertEquals(2, group.code());
        assertEquals("gradlens: error: The run has no group 'gender'; its groups: badge\n", group.err().replace("\r", ""));
        Run data = run("compare", biased.toString(), other.toString(), "--out", dir.resolve("z").toString());
        assertEquals(2, data.code());
        assertTrue(data.err().startsWith("gradlens: error: The runs are on different data sets"), data.err());
        assertEquals(1, data.err().lines().count());
        Run shape = run("audit", biased.toString(), "--region-shape", "circle", "--out", dir.resolve("w").toString());
        assertEquals(2, shape.code());
        assertEquals("gradlens: error: Unknown region shape 'circle': use mask or box\n", shape.err().replace("\r", ""));
    }
}
