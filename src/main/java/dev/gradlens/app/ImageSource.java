package dev.gradlens.app;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * How the window reads photos. At merge, back {@link #load(Path)} with
 * dev.gradlens.imaging.ImageLoader.load(Path) (LoadedImage maps 1:1 onto {@link SourceImage}).
 * Implementations throw GradLensException with a one-line message.
 */
public interface ImageSource {

    SourceImage load(Path file);

    /** Reads an encoded picture (a bundled sample, a dropped URL stream...). */
    SourceImage read(InputStream in, String name);

    /** File extensions (lower case, no dot) this source reads: used by the file chooser and drag and drop. */
    java.util.List<String> extensions();
}
