package dev.gradlens.spark;

import org.apache.hadoop.fs.RawLocalFileSystem;

import java.net.URI;

/**
 * The local disk under the scheme {@code remote:}, so that the job treats a data set there as it
 * treats one on HDFS or S3 (not a shared mount: the driver plans a manifest, executors copy each
 * image and mask to local scratch), without a cluster in the test.
 */
public class RemoteLikeFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "remote";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
