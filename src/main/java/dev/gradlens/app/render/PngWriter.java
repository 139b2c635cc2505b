package dev.gradlens.app.render;

import dev.gradlens.GradLensException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** Writes a PNG with tEXt entries (Title, Description, Software...) so a figure carries its caption as data too. */
public final class PngWriter {
    private PngWriter() {
    }

    public static void write(BufferedImage image, Map<String, String> text, Path file) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new GradLensException("No PNG writer available in this Java runtime");
        ImageWriter writer = writers.next();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.deleteIfExists(file);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
                if (!text.isEmpty()) {
                    IIOMetadataNode tEXt = new IIOMetadataNode("tEXt");
                    for (Map.Entry<String, String> e : text.entrySet()) {
                        IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                        entry.setAttribute("keyword", e.getKey());
                        entry.setAttribute("value", latin1(e.getValue()));
                        tEXt.appendChild(entry);
                    }
                    IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
                    root.appendChild(tEXt);
                    meta.mergeTree("javax_imageio_png_1.0", root);
                }
                writer.write(null, new IIOImage(image, null, meta), null);
            }
        } catch (IOException e) {
            throw new GradLensException("Could not write " + file.getFileName() + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    /** tEXt is Latin-1: keep what fits, replace the rest (· and → and the like) with plain ASCII. */
    private static String latin1(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\u00b7') b.append('\u00b7');
            else if (c == '\u2013' || c == '\u2014') b.append('-');
            else if (c == '\u2026') b.append("...");
            else if (c < 256) b.append(c);
            else b.append('?');
        }
        return b.toString();
    }
}
