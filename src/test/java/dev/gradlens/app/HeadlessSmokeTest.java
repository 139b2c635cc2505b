package dev.gradlens.app;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(ApplicationExtension.class)
class HeadlessSmokeTest {
    private int clicks;

    @Start
    void start(Stage stage) {
        Button b = new Button("Press");
        b.setId("press");
        b.setOnAction(e -> clicks++);
        stage.setScene(new Scene(new StackPane(b), 200, 100));
        stage.show();
    }

    @Test
    void clickWorksHeadless(FxRobot robot) {
        robot.clickOn("#press");
        assertEquals(1, clicks);
    }
}
