package dev.gradlens.run.report;

import dev.gradlens.explain.DisplayMaps;
import dev.gradlens.imaging.Colormap;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.imaging.Overlay;
import dev.gradlens.imaging.RegionView;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.inference.Layout;
import dev.gradlens.inference.ModelDescriptorReader;
import dev.gradlens.inference.Preprocessing;
import dev.gradlens.inference.Preprocessor;
import dev.gradlens.run.browse.StoredMap;

import java.nio.file.Path;

/**
 * Stored CAMs drawn over the part of the photo the model saw, as {@code gradlens explain} draws
 * them: ReLU, bilinear upsampling with half-pixel centres to the view's size, min-max
 * normalisation ({@link DisplayMaps#cam}), then a colour-map blend ({@link Overlay#blend}).
 * The crop region follows the run's preprocessing ({@code run.descriptor_json}); without a
 * readable descriptor the whole photo is used (right for stretch-resize models).
 */
public final class CamOverlays {
    private final Preprocessing preprocessing;
    private final int maxSide;

    /** @param descriptorJson the run's descriptor_json (may be null); inputWidth/Height the model's input size */
    public CamOverlays(String descriptorJson, Integer inputWidth, Integer inputHeight, int maxSide) {
        this.preprocessing = parse(descriptorJson, inputWidth, inputHeight);
        this.maxSide = maxSide;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * The run engine stores the preprocessing record itself ({"width", "height", "resize": "STRETCH", …});
     * a model descriptor ({"input": {"size", "resize": "stretch", …}}) is read too.
     */
    static Preprocessing parse(String json, Integer w, Integer h) {
        if (json == null || json.isBlank()) return null;
        try {
            com.fasterxml.jackson.databind.JsonNode root = JSON.readTree(json);
            if (root != null && root.has("width") && root.has("resize")) return JSON.treeToValue(root, Preprocessing.class);
            if (w == null || h == null) return null;
            return ModelDescriptorReader.parse(json, null).toPreprocessing(w, h, Layout.NCHW, 3);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return null; // not a form this version understands: fall back to the whole photo
        }
    }

    /** The view maps are drawn over: the model's crop region of the photo, at most maxSide on its longer side. */
    public RgbImage view(Path imageFile) {
        RgbImage img = new ImageLoader().load(imageFile).image();
        ImageRegion region = preprocessing == null ? ImageRegion.full(img.width(), img.height())
                : Preprocessor.prepare(img, preprocessing).region();
        return RegionView.of(img, region, maxSide);
    }

    /** One stored CAM over the view (jet, opacity 0.5 as explain's default). */
    public static RgbImage overlay(RgbImage view, StoredMap cam) {
        DisplayMaps.DisplayMap d = DisplayMaps.cam(cam.tensor(), view.height(), view.width());
        return Overlay.blend(view, d.values(), d.width(), d.height(), Colormap.JET, 0.5);
    }
}
