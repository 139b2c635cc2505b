package dev.gradlens;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LauncherTest {
    @Test
    void usageNamesBothModes() {
        assertTrue(Launcher.usage().contains("open the window"));
        assertEquals("dev.gradlens.cli.GradLensCli", Launcher.CLI_CLASS);
    }
}
