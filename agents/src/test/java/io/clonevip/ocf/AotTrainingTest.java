package io.clonevip.ocf;

import io.clonevip.ocf.testagent.StateFileAgent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AotTrainingTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(Path state, String... args) {
        Map<String, String> env = Map.of("OCF_RESOURCE_INSTANCE", "t1", "OCF_RESKEY_state", state.toString());
        return AotTraining.train(args, env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void runsEveryActionInOneJvmAndChecksItsExitCode() throws IOException {
        Path dir = Files.createTempDirectory("clonevip-aot-training-");
        Path state = dir.resolve("t1.state");
        try {
            String agent = StateFileAgent.class.getName();
            assertEquals(0, train(state, agent, "monitor=7", "start", "monitor", "stop", "monitor=7"), err.toString());
            assertFalse(Files.exists(state), "stop ran after start");
            // a step that does not end as expected fails the training, and says which
            assertEquals(1, train(state, agent, "monitor"));
            assertTrue(err.toString().contains("monitor ended with 7, expected 0"), err.toString());
        } finally {
            Files.deleteIfExists(state);
            Files.delete(dir);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> train(Path.of("/nonexistent"), "x"));
        assertThrows(IllegalArgumentException.class, () -> train(Path.of("/nonexistent"), "x", "start=abc"));
    }
}
