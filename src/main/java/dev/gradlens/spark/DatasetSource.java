package dev.gradlens.spark;

import dev.gradlens.GradLensException;
import dev.gradlens.dataset.Dataset;
import dev.gradlens.dataset.DatasetItem;
import dev.gradlens.dataset.Datasets;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job's data set, as every JVM of the job sees the same item list (image_id = position).
 *
 * <p>Local paths (no scheme, or file:) are taken to be one shared file system (NFS, Lustre, a
 * mounted bucket): the driver and every executor open them with the same readers as
 * {@code gradlens run} (every kind: ImageFolder, manifest, COCO, VOC, scene set). Any other Hadoop
 * file system (hdfs:, s3a:, gs:, abfs:, ...) takes a CSV/TSV or Parquet manifest or an
 * ImageFolder-layout folder: the driver turns it into a CSV manifest that travels with the job,
 * executors read it with the same manifest reader and copy each image of their partition to local
 * scratch before decoding it. The data set's fingerprint is checked on every executor.
 */
final class DatasetSource implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ConcurrentHashMap<String, Dataset> OPEN = new ConcurrentHashMap<>();

    final String uri;
    private final boolean shared;
    private final String manifestName;
    private final byte[] manifest;
    private final String root;
    private String fingerprint;

    private DatasetSource(String uri, boolean shared, String manifestName, byte[] manifest, String root) {
        this.uri = uri;
        this.shared = shared;
        this.manifestName = manifestName;
        this.manifest = manifest;
        this.root = root;
    }

    static DatasetSource plan(String uri, HadoopFiles fs, SparkSession spark) {
        String lower = uri.toLowerCase(Locale.ROOT);
        Path p = new Path(uri);
        if (!fs.exists(p)) throw new GradLensException("The data set " + uri + " does not exist");
        if (lower.endsWith(".parquet")) return new DatasetSource(uri, false, "manifest.csv", parquetManifest(uri, spark), p.getParent().toString());
        if (HadoopFiles.isLocal(uri)) return new DatasetSource(uri, true, null, null, null);
        if (lower.endsWith(".csv") || lower.endsWith(".tsv")) return new DatasetSource(uri, false, p.getName(), fs.read(p), p.getParent().toString());
        return new DatasetSource(uri, false, "manifest.csv", folderManifest(p, fs), p.toString());
    }

    /** The data set on this JVM (opened once per JVM), checked against the driver's. */
    Dataset open() {
        Dataset d = OPEN.computeIfAbsent(uri + "\n" + fingerprint, k -> shared ? Datasets.open(HadoopFiles.local(uri)) : Datasets.open(writeManifest()));
        if (fingerprint != null && !fingerprint.equals(d.fingerprint())) {
            throw new GradLensException("The data set " + uri + " differs on this executor from the driver's listing (other files or labels)");
        }
        return d;
    }

    /** Opened on the driver: fixes the fingerprint that executors must see. */
    Dataset openOnDriver() {
        Dataset d = open();
        fingerprint = d.fingerprint();
        return d;
    }

    /** Where {@code gradlens run}'s readers find this data set on the driver. */
    java.nio.file.Path driverPath() {
        return shared ? HadoopFiles.local(uri) : writeManifest();
    }

    /** Copies the items' images and mask files to their local scratch places (remote data sets only). */
    void stage(List<DatasetItem> items, HadoopFiles fs) {
        if (shared) return;
        java.nio.file.Path dir = writeManifest().getParent();
        for (DatasetItem it : items) {
            copyIn(fs, it.path(), it.file());
            for (String mask : it.regions().files()) copyIn(fs, mask, dir.resolve(mask));
        }
    }

    /** Removes the staged copies once the partition is written. */
    void unstage(List<DatasetItem> items) {
        if (shared) return;
        java.nio.file.Path dir = writeManifest().getParent();
        for (DatasetItem it : items) {
            delete(it.file());
            for (String mask : it.regions().files()) delete(dir.resolve(mask));
        }
    }

    /** One file, as the manifest names it (relative to the data set's folder, or absolute), to its local place. */
    private void copyIn(HadoopFiles fs, String named, java.nio.file.Path local) {
        Path src = named.startsWith("/") || named.contains(":") ? new Path(named) : new Path(new Path(root), named);
        try {
            FileSystem f = fs.fs(src);
            if (!f.exists(src) || Files.exists(local)) return; // a missing image or mask is reported by the reader, as locally
            Files.createDirectories(local.getParent());
            f.copyToLocalFile(false, src, new Path(local.toUri()), true);
        } catch (IOException e) {
            // left absent: recorded as missing rather than failing the partition
        }
    }

    private static void delete(java.nio.file.Path local) {
        try {
            Files.deleteIfExists(local);
        } catch (IOException ignored) {
            // scratch space: the JVM's temp folder goes with the container
        }
    }

    private java.nio.file.Path writeManifest() {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                "gradlens-data-" + ModelBundle.sha256(manifest).substring(0, 16));
        java.nio.file.Path f = dir.resolve(manifestName);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(f)) {
                java.nio.file.Path tmp = Files.createTempFile(dir, "manifest", ".part");
                Files.write(tmp, manifest);
                Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another task of this JVM wrote the same bytes first
        } catch (IOException e) {
            throw new GradLensException("Cannot write the manifest to local scratch " + dir + ": " + e.getMessage());
        }
        return f;
    }

    /** ImageFolder on a Hadoop file system: class folders and files in name order, as the local reader takes them. */
    private static byte[] folderManifest(Path root, HadoopFiles fs) {
        StringBuilder csv = new StringBuilder("path,label\n");
        try {
            FileSystem f = fs.fs(root);
            for (String marker : List.of("dataset.json", "Annotations", "annotations")) {
                if (f.exists(new Path(root, marker))) {
                    throw new GradLensException(root + " looks like a scene set, VOC or COCO data set: on " + root.toUri().getScheme()
                            + ": give a manifest or an ImageFolder, or put it on a file system mounted on every executor");
                }
            }
            FileStatus[] classes = f.listStatus(root);
            Arrays.sort(classes, Comparator.comparing(s -> s.getPath().getName()));
            int n = 0;
            for (FileStatus c : classes) {
                if (!c.isDirectory() || c.getPath().getName().startsWith(".")) continue;
                FileStatus[] files = f.listStatus(c.getPath());
                Arrays.sort(files, Comparator.comparing(s -> s.getPath().getName()));
                for (FileStatus file : files) {
                    if (file.isDirectory() || file.getPath().getName().startsWith(".")) continue;
                    csv.append(quote(c.getPath().getName() + "/" + file.getPath().getName())).append(',').append(quote(c.getPath().getName())).append('\n');
                    n++;
                }
            }
            if (n == 0) throw new GradLensException("The folder " + root + " has no class sub-folders with images (ImageFolder layout: ROOT/<class>/<image>)");
        } catch (IOException e) {
            throw new GradLensException("Cannot list " + root + ": " + e.getMessage());
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A Parquet manifest (same columns as the CSV one), rows in file order, as CSV. */
    private static byte[] parquetManifest(String uri, SparkSession spark) {
        var df = spark.read().parquet(uri);
        String[] cols = df.columns();
        StringBuilder csv = new StringBuilder();
        List<String> head = new ArrayList<>();
        for (String c : cols) head.add(quote(c));
        csv.append(String.join(",", head)).append('\n');
        for (Row r : df.collectAsList()) {
            List<String> f = new ArrayList<>(cols.length);
            for (int i = 0; i < cols.length; i++) f.add(r.isNullAt(i) ? "" : quote(String.valueOf(r.get(i))));
            csv.append(String.join(",", f)).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
