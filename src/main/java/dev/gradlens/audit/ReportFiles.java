package dev.gradlens.audit;

import dev.gradlens.GradLensException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Small helpers shared by the audit and comparison reports: folders, CSV cells, PNGs, HTML escaping. */
final class ReportFiles {
    private ReportFiles() {
    }

    static void prepare(Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new GradLensException("Cannot create the report folder " + out + ": " + e.getMessage());
        }
        if (!Files.isWritable(out)) throw new GradLensException("Cannot write the report folder " + out);
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new GradLensException("Cannot write " + file + ": " + e.getMessage());
        }
    }

    static void png(BufferedImage img, Path file) {
        try {
            if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new GradLensException("Cannot write " + file + ": " + e.getMessage());
        }
    }

    static String csv(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6f", d);
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String row(List<?> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) b.append(',');
            b.append(csv(cells.get(i)));
        }
        return b.append('\n').toString();
    }

    static String html(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    static String ci(Bootstrap.Estimate e) {
        return Double.isNaN(e.mean()) ? "–" : String.format(Locale.ROOT, "%.1f %% <small>(%.1f–%.1f)</small>", 100 * e.mean(), 100 * e.lo(), 100 * e.hi());
    }

    static final String STYLE = """
            <style>
            body{font-family:sans-serif;margin:24px;max-width:1200px;color:#222}
            table{border-collapse:collapse;margin:8px 0 24px 0;font-size:13px}
            th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}
            th{background:#f3f3f3} td.l,th.l{text-align:left}
            small{color:#666} .gap{margin:16px 0;padding:8px;border-left:4px solid #d62728;background:#fafafa}
            img{max-width:100%} .notes li{color:#7a4b00}
            </style>
            """;
}
