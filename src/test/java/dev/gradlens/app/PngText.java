package dev.gradlens.app;

import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the tEXt entries of a PNG. */
public final class PngText {
    private PngText() {
    }

    public static Map<String, String> read(Path file) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata meta = reader.getImageMetadata(0);
            Node root = meta.getAsTree("javax_imageio_png_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!n.getNodeName().equals("tEXt")) continue;
                for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
                    out.put(e.getAttributes().getNamedItem("keyword").getNodeValue(), e.getAttributes().getNamedItem("value").getNodeValue());
                }
            }
            reader.dispose();
        }
        return out;
    }
}
