package dev.gradlens.spark;

import dev.gradlens.GradLensException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job's output folder: the layout {@code RunDatabase.openForReading} reads, one Parquet file per
 * table and job partition: {@code OUT/<table>/part-NNNNN.parquet} ({@code OUT/run/part-00000.parquet}
 * holds the run row), plus {@code OUT/_gradlens_job.json} and, once every partition is in,
 * {@code OUT/_SUCCESS}.
 *
 * <p>Commit protocol of a partition (the local run's rule, "an image is done exactly when its images
 * row exists", per partition): its files are written (local output) or uploaded (any other file
 * system) under {@code OUT/_temporary/}, then renamed into place table by table with {@code images} last. The images file's rename is the commit point: a
 * partition is finished exactly when {@code OUT/images/part-NNNNN.parquet} exists, and a re-submitted
 * job recomputes only the others (overwriting any of their files a killed attempt had moved already,
 * with the same rows). Renames within one file system are atomic on HDFS and local disks; on object
 * stores (S3) a rename is a copy, so use a committer-safe store or accept that a killed attempt may
 * leave a file of an unfinished partition visible until the re-submission replaces it.
 */
final class PartitionOutput {
    /** Tables a partition writes, in commit order: images last. */
    static final List<String> TABLES = List.of("image_labels", "groups", "regions", "predictions", "maps", "metrics", "images");
    static final String JOB_FILE = "_gradlens_job.json";
    private static final Pattern PART = Pattern.compile("part-(\\d{5,})\\.parquet");

    private PartitionOutput() {
    }

    static String fileName(int partition) {
        return String.format("part-%05d.parquet", partition);
    }

    /** The partitions already committed (their images file exists). */
    static TreeSet<Integer> committed(HadoopFiles fs, String out) {
        TreeSet<Integer> done = new TreeSet<>();
        Path images = new Path(out, "images");
        try {
            for (FileStatus s : fs.fs(images).listStatus(images)) {
                Matcher m = PART.matcher(s.getPath().getName());
                if (m.matches()) done.add(Integer.parseInt(m.group(1)));
            }
        } catch (FileNotFoundException e) {
            return done;
        } catch (IOException e) {
            throw new GradLensException("Cannot list " + images + ": " + e.getMessage());
        }
        return done;
    }

    /**
     * A new, empty folder for one attempt's files of {@code partition}: under {@code OUT/_temporary/}
     * when the output is on a local (shared) file system, so that DuckDB writes the files where they
     * are renamed from; else in local scratch, uploaded at the commit.
     */
    static java.nio.file.Path stage(HadoopFiles fs, String out, int partition) {
        try {
            if (HadoopFiles.isLocal(out)) {
                java.nio.file.Path dir = HadoopFiles.local(out).resolve("_temporary").resolve(attempt(partition));
                return java.nio.file.Files.createDirectories(dir);
            }
            return java.nio.file.Files.createTempDirectory("gradlens-part-" + partition + "-");
        } catch (IOException e) {
            throw new GradLensException("Cannot create the staging folder of partition " + partition + " for " + out + ": " + e.getMessage());
        }
    }

    private static String attempt(int partition) {
        return "p" + fileName(partition) + "-" + UUID.randomUUID();
    }

    /**
     * Moves {@code staged/<table>.parquet} for each table into place, the last one listed last (the
     * commit point). A local output's files are renamed (rename(2), atomic, replacing a file a killed
     * earlier attempt had moved already: same rows); elsewhere they are uploaded under
     * {@code OUT/_temporary/} first, then renamed within the output's file system.
     */
    static void commit(HadoopFiles fs, String out, int partition, java.nio.file.Path staged, List<String> tables) {
        try {
            if (HadoopFiles.isLocal(out)) {
                java.nio.file.Path root = HadoopFiles.local(out);
                for (String t : tables) {
                    java.nio.file.Path dir = java.nio.file.Files.createDirectories(root.resolve(t));
                    java.nio.file.Files.move(staged.resolve(t + ".parquet"), dir.resolve(fileName(partition)),
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return;
            }
            Path tmp = new Path(new Path(out, "_temporary"), attempt(partition));
            FileSystem f = fs.fs(tmp);
            for (String t : tables) f.copyFromLocalFile(false, true, new Path(staged.resolve(t + ".parquet").toUri()), new Path(tmp, t + ".parquet"));
            for (String t : tables) {
                Path dir = new Path(out, t), target = new Path(dir, fileName(partition));
                f.mkdirs(dir);
                // a killed earlier attempt may have moved this file already: same rows, replaced
                if (f.exists(target)) f.delete(target, false);
                if (!f.rename(new Path(tmp, t + ".parquet"), target)) throw new IOException("rename to " + target + " failed");
            }
            f.delete(tmp, true);
        } catch (IOException e) {
            throw new GradLensException("Cannot write partition " + partition + " to " + out + ": " + e.getMessage());
        }
    }
}
