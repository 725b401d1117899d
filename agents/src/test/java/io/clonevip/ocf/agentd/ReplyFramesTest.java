package io.clonevip.ocf.agentd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.Cmd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request line and the reply frames, the latter decoded by the entry script's own loop in sh. */
class ReplyFramesTest {

    @Test
    void requestLinesParseStrictly() {
        assertEquals(Optional.of(new Request(123, "ab12", "io.clonevip.agent.ipaddr.IPaddr3", "validate-all")),
                Request.parse("123 ab12 io.clonevip.agent.ipaddr.IPaddr3 validate-all"));
        for (String bad : new String[] {"", "0 ab a start", "12 AB a start", "12 ab a start extra", "12 ab a/b start",
                "12 ab a Start", "-1 ab a start", "12 ab a st art", "12 ab a start\r"}) {
            assertTrue(Request.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void framesCarryBothStreamsLineByLineAndTheExitStatus() throws Exception {
        String out = "line one\n  indented \\ back\\nslash\n-n\n\nno newline at end";
        String err = "ocf-exit-reason:x\n";
        byte[] frames = ReplyFrames.result(out.getBytes(StandardCharsets.UTF_8), err.getBytes(StandardCharsets.UTF_8), 7);
        Path f = Files.createTempFile("agentd-frames-", ".txt");
        try {
            Files.write(f, frames);
            // the decoding loop of the entry script, as installed
            String template = Files.readString(Path.of("src/main/sh/ocf-agent.in"));
            int from = template.indexOf("    agentd_rc=\n");
            int to = template.indexOf("    done\n", from) + "    done\n".length();
            assertTrue(from > 0 && to > from, "decoding loop not found in ocf-agent.in");
            String loop = "exec 4< \"$0\"\n" + template.substring(from, to) + "exit \"$agentd_rc\"\n";
            Cmd c = Cmd.run(10, "sh", "-c", loop, f.toString());
            assertEquals(7, c.exit());
            assertEquals(out, c.out());
            assertEquals(err, c.err());
        } finally {
            Files.delete(f);
        }
        assertEquals("rcannot read x y\n", new String(ReplyFrames.refused("cannot read x\ny"), StandardCharsets.US_ASCII));
    }
}
