package dev.gradlens.audit;

import java.util.List;

/** What a comparison of two runs on the same data found. Differences are A minus B. */
public record ComparisonResult(RunInfo a, RunInfo b, int images, RegionNames regions, List<String> groupNames,
                               List<MapMeasurements.MethodKey> methods, Bootstrap.Estimate agreement,
                               List<AccuracyDiff> accuracy, List<MapAgreementRow> mapAgreement, List<MassDiff> mass,
                               List<ImagePair> mostDifferent, List<String> sentences, Notes notes, int resamples, long seed, long millis) {

    /** Accuracy of one class (or all, cls = -1) in one group value for both runs, and the paired difference. */
    public record AccuracyDiff(int cls, String label, String group, String value, int n, Bootstrap.Estimate accuracyA,
                               Bootstrap.Estimate accuracyB, Bootstrap.Estimate difference, Bootstrap.Estimate agreement) {
    }

    /** Mean per-image map agreement of one method for one class (-1 = all classes). */
    public record MapAgreementRow(int method, int cls, String label, int n, Bootstrap.Estimate spearman, Bootstrap.Estimate topOverlap) {
    }

    /** Paired difference of the energy share per region (A − B) for maps both runs hold. */
    public record MassDiff(int method, int cls, String label, boolean withClass, String group, String value, int n,
                           Bootstrap.Estimate[] shareA, Bootstrap.Estimate[] shareB, Bootstrap.Estimate[] difference) {
    }

    /** One image where the runs differ most: predictions, and the agreement of one class's maps. */
    public record ImagePair(int imageIdA, int imageIdB, String path, int trueClass, int predictedA, int predictedB, String method,
                            int cls, double spearman, double topOverlap) {
    }
}
