package dev.gradlens.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's --help renders cleanly. picocli runs descriptions through String.format: a bare "%" (as in "95 %
 * intervals") made it print a WARN line before `gradlens audit --help` and show the text unformatted.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        List<CommandLine> all = new ArrayList<>();
        collect(GradLensCli.commandLine(), all);
        assertTrue(all.size() > 12, "commands found: " + all.size());
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            for (CommandLine cl : all) {
                String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
                String name = cl.getCommandSpec().qualifiedName();
                assertFalse(usage.contains("%n") || usage.contains("%%"), name + " shows an unformatted description:\n" + usage);
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8), "picocli complained while rendering help");
    }

    @Test
    void auditHelpShowsThePercentSign() {
        String usage = GradLensCli.commandLine().getSubcommands().get("audit").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.contains("with 95 % intervals"), usage);
    }

    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) if (!out.contains(sub)) collect(sub, out);
    }
}
