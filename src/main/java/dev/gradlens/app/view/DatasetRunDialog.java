package dev.gradlens.app.view;

import dev.gradlens.GradLensException;
import dev.gradlens.app.FileDialogs;
import dev.gradlens.app.viewmodel.DatasetViewModel;
import dev.gradlens.explain.MethodId;
import dev.gradlens.run.RunRequest;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * File › Open dataset…: the data set (a class-per-folder tree, a VOC or scene-set folder, a CSV/TSV
 * manifest or a COCO instances JSON), the methods whose maps are stored, the batch size and the
 * results file. The model is the one open. The result is the engine request, or null.
 */
public final class DatasetRunDialog extends Dialog<RunRequest> {
    /** The CAM methods offered (the ones the report and browser draw); Grad-CAM checked. */
    static final List<MethodId> METHODS = List.of(MethodId.GRADCAM, MethodId.GRADCAMPP, MethodId.XGRADCAM, MethodId.LAYERCAM,
            MethodId.HIRESCAM);

    private final TextField data = new TextField();
    private final TextField out = new TextField();
    private final Spinner<Integer> batch = new Spinner<>(1, 512, 16);
    private final Map<MethodId, CheckBox> methods = new LinkedHashMap<>();
    private final Label problem = new Label();

    public DatasetRunDialog(Window owner, DatasetViewModel vm, FileDialogs dialogs, String modelName) {
        if (owner != null) initOwner(owner);
        setTitle("Open dataset");
        setHeaderText("Run " + modelName + " over a labelled image set\n"
                + "Results go into a database file; running the same data set into the same file again resumes it.");
        setResizable(true);
        data.setId("run-data");
        data.setPrefColumnCount(36);
        data.setPromptText("folder (one sub-folder per class, VOC, scene set) or manifest .csv/.tsv or COCO .json");
        out.setId("run-out");
        batch.setId("run-batch");
        batch.setEditable(true);
        Button folder = new Button("Folder…");
        folder.setOnAction(e -> dialogs.chooseDirectory("Data set folder").ifPresent(p -> setData(vm, p)));
        Button file = new Button("File…");
        file.setOnAction(e -> dialogs.openFile("Data set manifest or COCO annotations", "Manifests and COCO annotations",
                List.of("csv", "tsv", "json")).ifPresent(p -> setData(vm, p)));
        Button saveAs = new Button("Save as…");
        saveAs.setOnAction(e -> dialogs.save("Results file", out.getText().isBlank() ? "run.duckdb" : Path.of(out.getText()).getFileName().toString(),
                "duckdb").ifPresent(p -> out.setText(p.toString())));
        FlowPane methodBoxes = new FlowPane(10, 4);
        for (MethodId m : METHODS) {
            CheckBox c = new CheckBox(m.title());
            c.setId("run-method-" + m.id());
            c.setSelected(m == MethodId.GRADCAM);
            methods.put(m, c);
            methodBoxes.getChildren().add(c);
        }
        problem.setId("run-problem");
        problem.setStyle("-fx-text-fill: #b3261e");
        problem.setWrapText(true);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Data set"), new HBox(6, data, folder, file));
        grid.addRow(1, new Label("Methods"), methodBoxes);
        grid.addRow(2, new Label("Batch"), batch);
        grid.addRow(3, new Label("Results file"), new HBox(6, out, saveAs));
        grid.add(problem, 1, 4);
        HBox.setHgrow(data, javafx.scene.layout.Priority.ALWAYS);
        HBox.setHgrow(out, javafx.scene.layout.Priority.ALWAYS);
        getDialogPane().setContent(grid);
        ButtonType run = new ButtonType("Run", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(run, ButtonType.CANCEL);
        Node runButton = getDialogPane().lookupButton(run);
        runButton.disableProperty().bind(data.textProperty().isEmpty().or(out.textProperty().isEmpty()));
        // a request that cannot be made (no model, no method) keeps the dialog open with the reason
        runButton.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                request(vm);
                problem.setText("");
            } catch (GradLensException ex) {
                problem.setText(ex.getMessage());
                e.consume();
            }
        });
        setResultConverter(b -> b == run ? request(vm) : null);
    }

    private void setData(DatasetViewModel vm, Path p) {
        data.setText(p.toString());
        out.setText(vm.suggestedRunFile(p).toString());
    }

    private RunRequest request(DatasetViewModel vm) {
        List<String> ids = new ArrayList<>();
        methods.forEach((m, c) -> {
            if (c.isSelected()) ids.add(m.id());
        });
        Integer b = batch.getValue();
        return vm.requestFor(Path.of(data.getText().trim()), ids, b == null ? 16 : b, Path.of(out.getText().trim()));
    }
}
