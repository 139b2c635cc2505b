package dev.gradlens.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code gradlens run} (or the window's Open dataset…) asks for. Null or 0 means the default:
 * methods gradcam,gradcampp; topK 5; layer the model's default; batch 16; limit none (every image);
 * threads = cores (image decoding workers); device cpu.
 *
 * @param targets classes (index or label) whose maps are stored for every image besides the true
 *                and the predicted class
 * @param metrics faithfulness metrics per image ({@code --metrics}: faithfulness, deletion-insertion,
 *                road, all, or metric ids; see {@link RunMetrics}); null or empty: none
 */
public record RunRequest(Path model, Path data, Path out, List<String> methods, List<String> targets, int topK, String layer,
                         int batch, int limit, int threads, String device, List<String> metrics) {
    /** A run without metrics. */
    public RunRequest(Path model, Path data, Path out, List<String> methods, List<String> targets, int topK, String layer,
                      int batch, int limit, int threads, String device) {
        this(model, data, out, methods, targets, topK, layer, batch, limit, threads, device, null);
    }
}
