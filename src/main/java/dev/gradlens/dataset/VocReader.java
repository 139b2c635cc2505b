package dev.gradlens.dataset;

import dev.gradlens.GradLensException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Pascal VOC: {@code Annotations/*.xml} with the images in {@code JPEGImages/}. Labels: the object
 * names in file order (the first is the true class); each object is an {@code object} region with
 * its box (VOC's 1-based inclusive pixel corners become 0-based, x1/y1 exclusive). Groups:
 * {@code pose} of the first object, {@code truncated} and {@code difficult} = yes when any object is.
 */
public final class VocReader {
    private VocReader() {
    }

    static boolean isVoc(Path dir) {
        return Files.isDirectory(dir.resolve("Annotations")) && Files.isDirectory(dir.resolve("JPEGImages"));
    }

    public static Dataset read(Path dir) {
        if (!isVoc(dir)) throw new GradLensException(dir + " is not a Pascal VOC folder (needs Annotations/ and JPEGImages/)");
        DocumentBuilder db = builder();
        List<DatasetItem> items = new ArrayList<>();
        for (Path xml : ImageFolderReader.children(dir.resolve("Annotations"))) {
            if (!xml.getFileName().toString().endsWith(".xml")) continue;
            Document doc;
            try {
                doc = db.parse(xml.toFile());
            } catch (Exception e) {
                throw new GradLensException("Cannot read the VOC annotation " + xml.getFileName() + ": " + SceneSetReader.firstLine(e.getMessage()));
            }
            Element root = doc.getDocumentElement();
            String file = text(root, "filename");
            if (file == null || file.isBlank()) file = xml.getFileName().toString().replaceFirst("\\.xml$", ".jpg");
            List<Region> regions = new ArrayList<>();
            LinkedHashSet<String> labels = new LinkedHashSet<>();
            Map<String, String> groups = new LinkedHashMap<>();
            boolean truncated = false, difficult = false;
            NodeList objects = root.getElementsByTagName("object");
            for (int i = 0; i < objects.getLength(); i++) {
                Element o = (Element) objects.item(i);
                String name = text(o, "name");
                if (name == null) continue;
                labels.add(name.strip());
                truncated |= "1".equals(text(o, "truncated"));
                difficult |= "1".equals(text(o, "difficult"));
                if (i == 0 && text(o, "pose") != null) groups.put("pose", text(o, "pose"));
                Element bb = child(o, "bndbox");
                if (bb != null) {
                    int xmin = num(bb, "xmin", xml), ymin = num(bb, "ymin", xml), xmax = num(bb, "xmax", xml), ymax = num(bb, "ymax", xml);
                    regions.add(new Region("object", name.strip(), xmin - 1, ymin - 1, xmax, ymax, null));
                }
            }
            if (objects.getLength() > 0) {
                groups.put("truncated", truncated ? "yes" : "no");
                groups.put("difficult", difficult ? "yes" : "no");
            }
            List<Region> fixed = List.copyOf(regions);
            String rel = "JPEGImages/" + file;
            items.add(new DatasetItem(0, rel, dir.resolve(rel), new ArrayList<>(labels), groups,
                    fixed.isEmpty() ? RegionLoader.NONE : (w, h) -> fixed, false));
        }
        if (items.isEmpty()) throw new GradLensException(dir.resolve("Annotations") + " holds no .xml annotations");
        return Dataset.of(DatasetKind.VOC, dir, items);
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // annotation files are data: no DTDs, no external entities
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) return c;
        }
        return null;
    }

    private static String text(Element e, String tag) {
        Element c = child(e, tag);
        return c == null ? null : c.getTextContent().strip();
    }

    private static int num(Element bb, String tag, Path xml) {
        String t = text(bb, tag);
        try {
            return (int) Math.round(Double.parseDouble(t));
        } catch (NumberFormatException | NullPointerException e) {
            throw new GradLensException("The VOC annotation " + xml.getFileName() + " has a bad " + tag + " '" + t + "'");
        }
    }
}
