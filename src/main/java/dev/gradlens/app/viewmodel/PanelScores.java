package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.service.ExplanationService;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.service.Panel;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The "Score" actions of the panels on show: one {@link PanelScoreViewModel} per panel with a map,
 * each scoring on the image and model its panel was computed from. When new panels replace the shown
 * ones (another image, class, layer, method or model) every score is reset: a score still running is
 * cancelled and its result, should it arrive, is dropped, so a number never sits beside a map it was
 * not computed for. FX thread only.
 */
public final class PanelScores {
    private final ExplanationService service;
    private final TaskExecutor executor;
    private final Map<PanelItem, PanelScoreViewModel> scores = new IdentityHashMap<>();
    private RgbImage image;
    private ModelInfo model;

    public PanelScores(ExplanationService service, TaskExecutor executor) {
        this.service = service;
        this.executor = executor;
    }

    /** New panels are about to be shown, computed from {@code image} with {@code model}: forget every score. */
    void showing(RgbImage image, ModelInfo model) {
        for (PanelScoreViewModel s : scores.values()) s.reset();
        scores.clear();
        this.image = image;
        this.model = model;
    }

    /** The score of a panel with a map; null for the original (nothing to score). */
    public PanelScoreViewModel of(PanelItem item) {
        if (item == null || item.panel() == null || item.panel().raw() == null) return null;
        return scores.computeIfAbsent(item, i -> new PanelScoreViewModel(executor));
    }

    /** The Score button: computes the panel's drop, increase and deletion/insertion curves in the background. */
    public void score(PanelItem item) {
        PanelScoreViewModel vm = of(item);
        if (vm == null || image == null) return;
        RgbImage img = image;
        ModelInfo shownWith = model;
        Panel panel = item.panel();
        vm.score(cancel -> {
            // the model changed after these panels were made: their maps are not the open model's
            if (shownWith != null && service.model() != shownWith) throw new GradLensException("The model changed: wait for the new panels, then score");
            return service.score(img, panel, cancel);
        });
    }

    /** The panels' scores now held (for tests). */
    int size() {
        return scores.size();
    }
}
