package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.gradlens.GradLensException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 2: external-data locations are resolved to real paths (symlinks, {@code ..},
 * absolute paths) before the check that they lie inside the model's folder. Each case builds a
 * one-initializer model on a temporary folder; the "outside" file holds different bytes, so a
 * wrongly accepted location would also show up as wrong weights.
 */
class ExternalDataContainmentTest {
    @TempDir
    Path root;
    Path modelDir;
    Path secret;
    static final float[] INSIDE = {1f, 2f, 3f, 4f};
    static final float[] OUTSIDE = {-7f, -7f, -7f, -7f};

    @BeforeEach
    void folders() throws IOException {
        modelDir = Files.createDirectories(root.resolve("models").resolve("m"));
        Files.createDirectories(root.resolve("elsewhere"));
        secret = root.resolve("elsewhere").resolve("secret.bin");
        Files.write(secret, bytes(OUTSIDE));
        Files.write(modelDir.resolve("weights.bin"), bytes(INSIDE));
    }

    @Test
    void aPlainFileBesideTheModelIsRead() throws IOException {
        assertArrayEquals(bytes(INSIDE), loadWith("weights.bin"));
    }

    @Test
    void dotDotThatStaysInsideIsRead() throws IOException {
        Files.createDirectories(modelDir.resolve("sub"));
        assertArrayEquals(bytes(INSIDE), loadWith("sub/../weights.bin"));
    }

    @Test
    void aSymlinkInsideTheFolderToAFileInsideIsRead() throws IOException {
        Files.createSymbolicLink(modelDir.resolve("alias.bin"), modelDir.resolve("weights.bin"));
        assertArrayEquals(bytes(INSIDE), loadWith("alias.bin"));
    }

    @Test
    void aModelReachedThroughASymlinkedFolderStillReadsItsOwnData() throws IOException {
        Path link = Files.createSymbolicLink(root.resolve("linked-models"), modelDir);
        Path model = link.resolve("model.onnx");
        Files.write(model, model("weights.bin").toByteArray());
        assertArrayEquals(bytes(INSIDE), OnnxModelLoader.load(model).proto().getGraph().getInitializer(0).getRawData().toByteArray());
    }

    @Test
    void aSymlinkToAFileOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(modelDir.resolve("weights-link.bin"), secret);
        assertOutside("weights-link.bin");
    }

    @Test
    void aRelativeSymlinkToAFileOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(modelDir.resolve("rel.bin"), Path.of("../../elsewhere/secret.bin"));
        assertOutside("rel.bin");
    }

    @Test
    void aSymlinkedSubfolderPointingOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(modelDir.resolve("data"), root.resolve("elsewhere"));
        assertOutside("data/secret.bin");
    }

    @Test
    void dotDotOutOfTheFolderIsRefused() {
        assertOutside("../../elsewhere/secret.bin");
    }

    @Test
    void anAbsolutePathIsRefusedEvenInsideTheFolder() {
        assertOutside(secret.toString());
        assertOutside(modelDir.resolve("weights.bin").toString());
    }

    @Test
    void aDanglingSymlinkIsReportedMissingWithoutFollowingIt() throws IOException {
        Files.createSymbolicLink(modelDir.resolve("gone.bin"), root.resolve("elsewhere").resolve("nothing.bin"));
        GradLensException e = assertThrows(GradLensException.class, () -> loadWith("gone.bin"));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void aLocationWithANulCharacterIsRefusedInOneLine() {
        GradLensException e = assertThrows(GradLensException.class, () -> loadWith("weights.bin\0../../x"));
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\0"), e.getMessage());
    }

    @Test
    void aNonNumericOrNegativeOffsetIsAOneLineError() throws IOException {
        for (String bad : new String[] {"twelve", "-4"}) {
            ModelProto m = model("weights.bin").toBuilder().setGraph(model("weights.bin").getGraph().toBuilder().setInitializer(0,
                    model("weights.bin").getGraph().getInitializer(0).toBuilder()
                            .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(bad)))).build();
            Path f = modelDir.resolve("bad.onnx");
            Files.write(f, m.toByteArray());
            GradLensException e = assertThrows(GradLensException.class, () -> OnnxModelLoader.load(f));
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        }
    }

    private void assertOutside(String location) {
        GradLensException e = assertThrows(GradLensException.class, () -> loadWith(location));
        assertTrue(e.getMessage().contains("outside the model's folder"), e.getMessage());
    }

    private byte[] loadWith(String location) throws IOException {
        Path f = modelDir.resolve("model.onnx");
        Files.write(f, model(location).toByteArray());
        return OnnxModelLoader.load(f).proto().getGraph().getInitializer(0).getRawData().toByteArray();
    }

    static ModelProto model(String location) {
        TensorProto w = TensorProto.newBuilder().setName("w").addDims(4).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location)).build();
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)).build();
        GraphProto g = GraphProto.newBuilder().setName("g").addInitializer(w)
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("w").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(type)).build();
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
    }

    static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }
}
