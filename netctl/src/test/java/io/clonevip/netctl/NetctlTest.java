package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** netctl's command framework: help, version, usage errors and exit codes. */
class NetctlTest {
    /** Runs netctl with captured output. */
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Netctl.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsExitCodesAndExamples() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().contains("Examples:"), r.out());
        assertTrue(r.out().contains("--netns"), r.out());
    }

    @Test
    void versionAsTextAndJson() {
        Run r = run("version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("netctl "), r.out());
        Run j = run("version", "--json");
        assertEquals(0, j.exit());
        assertTrue(j.out().strip().matches("\\{\"netctl\":\"[^\"]+\",\"java\":\"25[^\"]*\",\"kernel\":\"Linux [^\"]+\"\\}"), j.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("version", "--bogus");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("--bogus"), r.err());
        assertTrue(r.out().isEmpty());
    }
}
