package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStatesTest {
    @TempDir
    Path root;

    @Test
    void removeAllTakesTheNamespacesDirectoryAndFollowsNoLink() throws Exception {
        DesiredStates store = DesiredStates.at(root, "gone");
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(2).build();
        InetAddress vip = InetAddress.getByName("198.51.100.100");
        try (DesiredStates.Held held = store.lock(vip)) {
            store.record(DesiredState.of(spec, BucketSet.of(2, 1)));
        }
        Path outside = Files.writeString(root.resolve("outside"), "kept");
        Files.createSymbolicLink(store.dir().resolve("link"), outside);
        assertEquals(BucketSet.of(2, 1), store.read(vip).local());

        store.removeAll();
        assertFalse(Files.exists(store.dir()), "the state, its lock and the link are gone with the directory");
        assertTrue(Files.readString(outside).equals("kept"), "the link's target is untouched");
        store.removeAll(); // nothing left: nothing to do
    }
}
