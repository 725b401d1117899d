package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's writes as they leave the JVM: the attrd_updater argv that {@link NodeAttributes#local(Map)}
 * runs for the publisher (a recorder stands in for attrd_updater; Pacemaker in MysqlMonitorPacemakerIT).
 */
class AttributePublisherAttrdTest {
    @TempDir
    Path dir;

    private NodeAttributes recorder(int exit) throws IOException {
        Path cmd = dir.resolve("attrd_updater");
        Files.writeString(cmd, "#!/bin/sh\necho \"$*\" >> \"" + dir.resolve("argv") + "\"\necho 'no attrd' >&2\nexit " + exit + "\n");
        Files.setPosixFilePermissions(cmd, PosixFilePermissions.fromString("rwxr-xr-x"));
        return NodeAttributes.local(Map.of("PATH", dir.toString()));
    }

    @Test
    void argumentsWithAndWithoutDampenAndNode() throws Exception {
        NodeAttributes attrd = recorder(0);
        new AttributePublisher(attrd, Duration.ZERO, "readable", "writable", 1).publish(Decision.WRITABLE);
        new AttributePublisher(attrd.forNode("node-2"), Duration.ofMillis(1500), "r", "writable", 1)
                .publishZero();
        new AttributePublisher(attrd, Duration.ofSeconds(5), "readable", "w", 1).publish(Decision.WRITABLE);
        assertEquals(List.of("-n readable -U 1", "-n writable -U 1", "-n r -B 0 -d 1500ms -N node-2",
                "-n writable -B 0 -d 1500ms -N node-2", "-n readable -B 1 -d 5s", "-n w -B 1 -d 5s"),
                Files.readAllLines(dir.resolve("argv")));
    }

    @Test
    void failureIsNamedWithTheToolsOutputAndRetried() throws Exception {
        NodeAttributes attrd = recorder(102);
        var e = assertThrows(NodeAttributeException.class, () -> attrd.set("readable", "1", Duration.ZERO));
        assertTrue(e.getMessage().contains("'readable'") && e.getMessage().contains("exited 102: no attrd"),
                e.getMessage());
        // the publisher keeps going and retries on the next check
        var pub = new AttributePublisher(attrd, Duration.ZERO, "readable", "writable", 1);
        pub.publish(Decision.WRITABLE);
        assertEquals(-1, pub.reader());
        pub.publish(Decision.WRITABLE);
        assertEquals(4, Files.readAllLines(dir.resolve("argv")).size() - 1, "both attributes tried again");
    }
}
