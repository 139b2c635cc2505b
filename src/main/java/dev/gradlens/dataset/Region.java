package dev.gradlens.dataset;

/**
 * A named region of an image in original-image pixels (the run database's {@code regions} row before
 * its label becomes a model class).
 *
 * @param name  {@code object}, {@code badge} or a manifest {@code region:NAME} column's name
 * @param label the data set's label text of the object, or null
 * @param x0    left (inclusive); {@code x1}, {@code y1} are exclusive
 * @param mask  run lengths over the whole image, row-major, alternating outside/inside starting with
 *              outside (the scene generator's {@code rle-rowmajor}); null for a box-only region
 */
public record Region(String name, String label, int x0, int y0, int x1, int y1, int[] mask) {
}
