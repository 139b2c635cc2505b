package dev.gradlens.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A listed data set: its kind, where it was opened from and its items in a fixed order (the order
 * is part of the contract: image_id = position, so a resumed run finds the same ids).
 */
public record Dataset(DatasetKind kind, Path path, List<DatasetItem> items) {

    /** Numbers items 0.. in order and marks every item whose file appeared earlier as a duplicate. */
    static Dataset of(DatasetKind kind, Path path, List<DatasetItem> unnumbered) {
        List<DatasetItem> items = new ArrayList<>(unnumbered.size());
        Set<Path> seen = new HashSet<>();
        for (DatasetItem it : unnumbered) {
            boolean dup = !seen.add(it.file().toAbsolutePath().normalize());
            items.add(it.withIndex(items.size(), dup));
        }
        return new Dataset(kind, path, List.copyOf(items));
    }

    /** Every distinct label text of the images and their regions, in order of first appearance. */
    public Set<String> labelTexts() {
        Set<String> out = new LinkedHashSet<>();
        for (DatasetItem it : items) out.addAll(it.labels());
        return out;
    }

    /**
     * SHA-256 of the ordered item list (path and labels): a resumed run must see the same list, or
     * the stored image ids would point at other images.
     */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (DatasetItem it : items) {
                md.update(it.path().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(String.join("\u001f", it.labels()).getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
