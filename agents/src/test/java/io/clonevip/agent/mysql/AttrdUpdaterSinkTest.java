package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The argv given to attrd_updater (a recorder stands in for it; Pacemaker comes after the merge). */
class AttrdUpdaterSinkTest {
    @TempDir
    Path dir;

    private Path recorder(int exit) throws IOException {
        Path cmd = dir.resolve("attrd_updater");
        Files.writeString(cmd, "#!/bin/sh\necho \"$*\" >> \"" + dir.resolve("argv") + "\"\necho 'no attrd' >&2\nexit " + exit + "\n");
        Files.setPosixFilePermissions(cmd, PosixFilePermissions.fromString("rwxr-xr-x"));
        return cmd;
    }

    @Test
    void argumentsWithAndWithoutDampenAndNode() throws Exception {
        Path cmd = recorder(0);
        new AttrdUpdaterSink(cmd.toString(), Duration.ZERO).write(null, "readable", "1");
        new AttrdUpdaterSink(cmd.toString(), Duration.ofMillis(1500)).write("node-2", "writable", "0");
        assertEquals(List.of("-n readable -U 1", "-n writable -B 0 -d 1500ms -N node-2"), Files.readAllLines(dir.resolve("argv")));
    }

    @Test
    void failureIsAnIOExceptionWithTheToolsOutput() throws Exception {
        Path cmd = recorder(102);
        var e = assertThrows(IOException.class, () -> new AttrdUpdaterSink(cmd.toString(), Duration.ZERO).write(null, "readable", "1"));
        assertTrue(e.getMessage().contains("exited 102: no attrd"), e.getMessage());
        // the publisher keeps going and retries on the next check
        var pub = new AttributePublisher(new AttrdUpdaterSink(cmd.toString(), Duration.ZERO), null, "readable", "writable", 1);
        pub.publish(Decision.WRITABLE);
        assertEquals(-1, pub.reader());
        pub.publish(Decision.WRITABLE);
        assertEquals(4, Files.readAllLines(dir.resolve("argv")).size() - 1, "both attributes tried again");
    }
}
