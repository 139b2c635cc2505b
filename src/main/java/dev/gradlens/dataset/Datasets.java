package dev.gradlens.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Opens a data set, telling its kind from the path: a {@code .csv}/{@code .tsv} file is a manifest;
 * a {@code .json} file is COCO instances (or a scene set's dataset.json); a folder is a scene set
 * (dataset.json inside), Pascal VOC (Annotations/ + JPEGImages/), COCO (one annotations/instances_*.json)
 * or, failing those, an ImageFolder.
 */
public final class Datasets {
    private Datasets() {
    }

    public static Dataset open(Path path) {
        if (!Files.exists(path)) throw new GradLensException("The data set " + path + " does not exist");
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path)) {
            if (name.endsWith(".csv") || name.endsWith(".tsv")) return ManifestReader.read(path);
            if (name.endsWith(".json")) {
                if (name.equals("dataset.json") && SceneSetReader.isSceneSet(path.toAbsolutePath().getParent())) {
                    return SceneSetReader.read(path.toAbsolutePath().getParent());
                }
                JsonNode n = SceneSetReader.readJson(path);
                if (CocoReader.isCoco(n)) return CocoReader.read(path);
                throw new GradLensException(path + " is neither COCO instances JSON nor a scene set's dataset.json");
            }
            throw new GradLensException("Cannot tell what data set " + path + " is: give a folder (ImageFolder, Pascal VOC, COCO, scene set), "
                    + "a .csv/.tsv manifest or a COCO .json");
        }
        if (SceneSetReader.isSceneSet(path)) return SceneSetReader.read(path);
        if (VocReader.isVoc(path)) return VocReader.read(path);
        List<Path> coco = cocoJson(path);
        if (coco.size() == 1) return CocoReader.read(coco.get(0));
        if (coco.size() > 1) throw new GradLensException(path + " holds several COCO files (" + coco.size() + "): give one, e.g. " + coco.get(0));
        return ImageFolderReader.read(path);
    }

    private static List<Path> cocoJson(Path dir) {
        Path ann = dir.resolve("annotations");
        if (!Files.isDirectory(ann)) return List.of();
        try (Stream<Path> s = Files.list(ann)) {
            return s.filter(p -> p.getFileName().toString().matches("instances_.*\\.json")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
