package dev.gradlens.run;

import dev.gradlens.GradLensException;
import dev.gradlens.dataset.DatasetItem;
import dev.gradlens.dataset.Region;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.LoadedImage;
import dev.gradlens.service.ModelSession;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Reads, decodes and preprocesses one item exactly as {@code gradlens explain --image} does (same
 * loader, same preprocessing), so a run's numbers equal explain's. Runs on worker threads; never
 * throws for a bad image: the failure becomes the item's status.
 */
final class ImageDecoder {
    private final ModelSession session;

    ImageDecoder(ModelSession session) {
        this.session = session;
    }

    DecodedImage decode(DatasetItem item) {
        if (item.duplicate()) return DecodedImage.failed(item, "duplicate", "the same file as an earlier row of the data set", 0, 0);
        if (!Files.exists(item.file())) return DecodedImage.failed(item, "missing", "file not found: " + item.path(), 0, 0);
        LoadedImage li;
        try {
            li = new ImageLoader().load(item.file());
        } catch (GradLensException e) {
            return DecodedImage.failed(item, "unreadable", e.getMessage(), 0, 0);
        } catch (RuntimeException | OutOfMemoryError e) {
            return DecodedImage.failed(item, "unreadable", "cannot decode " + item.path() + ": " + e, 0, 0);
        }
        int w = li.originalWidth(), h = li.originalHeight();
        List<Region> regions;
        try {
            regions = item.regions().load(w, h);
        } catch (IOException | RuntimeException e) {
            return DecodedImage.failed(item, "unreadable", "its annotation: " + e.getMessage(), w, h);
        }
        float[] input = session.prepare(li.image()).tensor().data();
        return new DecodedImage(item, input, w, h, DecodedImage.OK, null, regions);
    }
}
