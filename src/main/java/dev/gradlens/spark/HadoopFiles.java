package dev.gradlens.spark;

import dev.gradlens.GradLensException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Files on any Hadoop-compatible file system (file:, hdfs:, s3a:, gs:, abfs:, ...). The driver's
 * Hadoop configuration (with every spark.hadoop.* setting, credentials included) travels to the
 * executors as a plain map, so that executors reach the same stores the driver does.
 */
final class HadoopFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> settings;
    private transient Configuration conf;

    HadoopFiles(Configuration driverConf) {
        settings = new HashMap<>();
        for (Map.Entry<String, String> e : driverConf) settings.put(e.getKey(), e.getValue());
        conf = driverConf;
    }

    Configuration conf() {
        if (conf == null) {
            Configuration c = new Configuration(false);
            settings.forEach(c::set);
            conf = c;
        }
        return conf;
    }

    FileSystem fs(Path p) {
        try {
            return p.getFileSystem(conf());
        } catch (IOException e) {
            throw new GradLensException("Cannot reach " + p + ": " + e.getMessage());
        }
    }

    boolean exists(Path p) {
        try {
            return fs(p).exists(p);
        } catch (IOException e) {
            throw new GradLensException("Cannot reach " + p + ": " + e.getMessage());
        }
    }

    byte[] read(Path p) {
        try (InputStream in = fs(p).open(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new GradLensException("Cannot read " + p + ": " + e.getMessage());
        }
    }

    /** True for paths on the local file system (no scheme or file:), which executors are assumed to share. */
    static boolean isLocal(String uri) {
        String scheme = new Path(uri).toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    /** The java.nio path of a local URI. */
    static java.nio.file.Path local(String uri) {
        return java.nio.file.Path.of(new Path(uri).toUri().getPath());
    }
}
