package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** netctl's command framework: help, version, usage errors and exit codes. */
class NetctlTest {
    private static Cli run(String... args) {
        return Cli.run(args);
    }

    @Test
    void helpListsExitCodesAndExamples() {
        Cli r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().contains("Examples:"), r.out());
        assertTrue(r.out().contains("--netns"), r.out());
    }

    @Test
    void versionAsTextAndJson() {
        Cli r = run("version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("netctl "), r.out());
        Cli j = run("version", "--json");
        assertEquals(0, j.exit());
        assertTrue(j.out().strip().matches("\\{\"netctl\":\"[^\"]+\",\"java\":\"25[^\"]*\",\"kernel\":\"Linux [^\"]+\"\\}"), j.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli r = run("version", "--bogus");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("--bogus"), r.err());
        assertTrue(r.out().isEmpty());
    }
}
