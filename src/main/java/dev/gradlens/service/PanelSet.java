package dev.gradlens.service;

import dev.gradlens.imaging.RgbImage;

import java.util.List;
import java.util.Map;

/**
 * The side-by-side figure for one request.
 *
 * @param view    the part of the photo the model saw (the centre crop for crop models), at display size;
 *                1-channel panels have this size
 * @param target  the explained class with its probability
 * @param timings milliseconds per stage
 */
public record PanelSet(RgbImage view, List<Panel> panels, ClassScore target, String layer, boolean counterfactual,
                       Map<String, Double> timings) {

    public Panel panel(dev.gradlens.explain.MethodId method) {
        for (Panel p : panels) if (p.method() == method) return p;
        return null;
    }
}
