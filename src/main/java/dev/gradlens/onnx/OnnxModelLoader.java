package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradlens.GradLensException;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads an .onnx file and refuses, with one clear line, what ONNX Runtime would refuse with a
 * cryptic one (or what a protobuf parser silently accepts, like an empty file). External data is
 * read from beside the model and inlined so the model can be edited and run from bytes.
 */
public final class OnnxModelLoader {
    /** Domains ONNX Runtime's CPU build implements; anything else is a custom op no runtime here knows. */
    private static final Set<String> KNOWN_DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml", "com.microsoft", "com.microsoft.nchwc",
            "ai.onnx.training", "ai.onnx.preview.training");

    private OnnxModelLoader() {
    }

    public static OnnxModel load(Path path) {
        String file = path.getFileName().toString();
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new GradLensException("Model file not found: " + path);
        } catch (IOException e) {
            throw new GradLensException("Cannot read model file " + path + ": " + e.getMessage(), e);
        }
        if (Files.isDirectory(path)) throw new GradLensException(file + " is a folder, not an ONNX model file");
        if (size == 0) throw new GradLensException(file + " is empty (0 bytes): not an ONNX model");
        ModelProto proto;
        try (InputStream in = Files.newInputStream(path)) {
            CodedInputStream cin = CodedInputStream.newInstance(in);
            cin.setSizeLimit(Integer.MAX_VALUE);
            proto = ModelProto.parseFrom(cin);
        } catch (InvalidProtocolBufferException e) {
            String why = e.getMessage() != null && e.getMessage().contains("ended unexpectedly")
                    ? "the file is truncated or corrupt" : "not an ONNX model, or a corrupt one";
            throw new GradLensException(file + ": " + why + " (protobuf parse failed)", e);
        } catch (IOException e) {
            throw new GradLensException("Cannot read model file " + path + ": " + e.getMessage(), e);
        }
        return new OnnxModel(path, validateAndInline(proto, path.toAbsolutePath().getParent(), file));
    }

    /** Validates a model built or received in memory (no external data folder). */
    public static OnnxModel fromProto(ModelProto proto) {
        return new OnnxModel(null, validateAndInline(proto, null, "model"));
    }

    private static ModelProto validateAndInline(ModelProto proto, Path dir, String file) {
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0 || proto.getIrVersion() == 0) {
            throw new GradLensException(file + " is not an ONNX model (no graph or IR version found; protobuf parse gave an empty model)");
        }
        GraphProto graph = proto.getGraph();
        for (NodeProto n : graph.getNodeList()) {
            if (!KNOWN_DOMAINS.contains(n.getDomain())) {
                throw new GradLensException("Unsupported op " + n.getDomain() + " " + n.getOpType() + " at node '"
                        + OnnxGraph.label(n) + "': custom operator from domain " + n.getDomain() + ", which ONNX Runtime does not know");
            }
        }
        GraphProto.Builder gb = null;
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto t = graph.getInitializer(i);
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                if (gb == null) gb = graph.toBuilder();
                gb.setInitializer(i, inlineExternal(t, dir, file));
            } else {
                checkEmbeddedSize(t, file);
            }
        }
        return gb == null ? proto : proto.toBuilder().setGraph(gb).build();
    }

    private static void checkEmbeddedSize(TensorProto t, String file) {
        int bytes = ElementType.byteSize(t.getDataType());
        if (bytes <= 0 || t.getRawData().isEmpty()) return;
        long need = Tensors.elementCount(t) * bytes;
        if (t.getRawData().size() != need) {
            throw new GradLensException(file + " is corrupt: initializer '" + t.getName() + "' dims "
                    + t.getDimsList() + " " + ElementType.name(t.getDataType()) + " need " + need
                    + " bytes but raw_data holds " + t.getRawData().size() + " (size mismatch)");
        }
    }

    private static TensorProto inlineExternal(TensorProto t, Path dir, String file) {
        String location = null;
        long offset = 0, length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = externalNumber(e.getValue(), "offset", t, file);
                case "length" -> length = externalNumber(e.getValue(), "length", t, file);
                default -> { }
            }
        }
        if (location == null) throw new GradLensException(file + ": initializer '" + t.getName() + "' has external data without a location");
        if (dir == null) throw new GradLensException("initializer '" + t.getName() + "' uses external data file '" + location + "', which needs the model's folder");
        Path data = containedExternalFile(dir, location, file);
        int bytes = ElementType.byteSize(t.getDataType());
        long need = bytes > 0 ? Tensors.elementCount(t) * bytes : length;
        if (length < 0) length = need;
        if (length != need) {
            throw new GradLensException(file + ": external data of '" + t.getName() + "' has " + length + " bytes, its shape needs " + need + " (size mismatch)");
        }
        if (length > Integer.MAX_VALUE - 16) throw new GradLensException(file + ": initializer '" + t.getName() + "' is larger than 2 GB, which GradLens cannot load");
        try (RandomAccessFile raf = new RandomAccessFile(data.toFile(), "r")) {
            if (offset + length > raf.length()) {
                throw new GradLensException("External data file '" + location + "' is truncated: '" + t.getName() + "' needs bytes "
                        + offset + ".." + (offset + length) + " of " + raf.length());
            }
            byte[] buf = new byte[(int) length];
            raf.seek(offset);
            raf.readFully(buf);
            return t.toBuilder().clearExternalData().clearDataLocation().setRawData(ByteString.copyFrom(buf)).build();
        } catch (IOException e) {
            throw new GradLensException("Cannot read external data file '" + location + "': " + e.getMessage(), e);
        }
    }

    /**
     * The external data file, resolved to its real path (symlinks followed, {@code ..} applied)
     * and accepted only when that real path lies inside the model's real folder. Comparing the
     * paths as text would let {@code weights.bin -> /home/user/.ssh/id_rsa} through: the ONNX
     * spec says a location is relative to the model's folder, so nothing outside it is ever read.
     */
    static Path containedExternalFile(Path dir, String location, String file) {
        String outside = file + ": external data path '" + location + "' points outside the model's folder";
        Path realDir;
        Path candidate;
        try {
            realDir = dir.toRealPath();
            Path loc = Path.of(location);
            if (loc.isAbsolute() || location.isEmpty()) throw new GradLensException(outside);
            candidate = realDir.resolve(loc).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new GradLensException(file + ": external data path '" + location.replace('\0', '?') + "' is not a valid file name");
        } catch (IOException e) {
            throw new GradLensException("Cannot read the model's folder " + dir + ": " + e.getMessage(), e);
        }
        if (!candidate.startsWith(realDir)) throw new GradLensException(outside);
        if (!Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) {
            throw new GradLensException("External data file '" + location + "' (next to the model) not found: it holds the weights of " + file);
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            // a dangling symlink: its target may be outside; say only that it is missing
            throw new GradLensException("External data file '" + location + "' (next to the model) not found: it holds the weights of " + file);
        }
        if (!real.startsWith(realDir)) throw new GradLensException(outside + " (through a symbolic link)");
        if (!Files.isRegularFile(real)) {
            throw new GradLensException("External data file '" + location + "' (next to the model) not found: it holds the weights of " + file);
        }
        return real;
    }

    private static long externalNumber(String value, String key, TensorProto t, String file) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new GradLensException(file + ": external data " + key + " of '" + t.getName() + "' is not a number ('" + value + "')");
        }
        if (v < 0) throw new GradLensException(file + ": external data " + key + " of '" + t.getName() + "' is negative (" + v + ")");
        return v;
    }

    /** Shape in a message: [16, 3, 3, 3]. */
    static String dims(long[] d) {
        return Arrays.toString(d);
    }
}
