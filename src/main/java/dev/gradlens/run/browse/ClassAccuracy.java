package dev.gradlens.run.browse;

/** Top-1 accuracy of one true class: {@code correct} of {@code total} labelled, readable images. */
public record ClassAccuracy(int classIndex, String label, long total, long correct) {
    public double accuracy() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
