package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.hash.BucketPredictor;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ClusterIpSpecTest {

    private static ClusterIpSpecBuilder lab() {
        return ClusterIpSpec.builder().vip("192.0.2.100").nic("eth0").buckets(12);
    }

    @Test
    void defaultsAreDerivedFromTheVip() {
        ClusterIpSpec spec = lab().build();
        assertEquals(InetAddress.ofLiteral("192.0.2.100"), spec.vip());
        assertEquals("eth0", spec.nic());
        assertEquals(12, spec.buckets());
        assertEquals(HashMode.SOURCE_IP_SOURCE_PORT, spec.hashMode());
        assertEquals(0xfa222227L, spec.seed()); // SHA-256("clonevip-seed-v1" + c0 00 02 64), first 4 bytes
        assertEquals("01:00:5e:00:02:64", spec.clusterMac().toString());
        assertEquals(List.of(), spec.advisories());
        assertEquals(spec, lab().build()); // deterministic: the same on every node
        assertEquals(0x2829bbc4L, ClusterIpSpec.defaultSeed(InetAddress.ofLiteral("198.51.100.10")));
        assertEquals(0x4272509cL, ClusterIpSpec.defaultSeed(InetAddress.ofLiteral("2001:db8::64")));
    }

    @Test
    void labRulesetSpec() {
        ClusterIpSpec spec = lab().seed("0xc1057e12").hashMode("sourceip-sourceport").clusterMac("01:00:5E:00:02:64").build();
        assertEquals(0xc1057e12L, spec.seed());
        assertEquals(5, BucketPredictor.of(spec).bucketIpv4(0xc0000232, 6, 37101, 80));
        assertEquals(3_238_362_642L, lab().seed("3238362642").build().seed());
        assertEquals(0xffffffffL, lab().seed(0xffffffffL).build().seed());
        assertEquals(0L, lab().seed("0").build().seed());
        assertEquals(4096, lab().buckets("4096").build().buckets());
        assertEquals(1, lab().buckets(1).build().buckets());
    }

    @Test
    void explicitMacMustBeMulticastAndNon01005eGetsAnAdvisory() {
        ClusterIpSpec spec = lab().clusterMac("03:00:00:00:00:01").build();
        assertEquals(1, spec.advisories().size());
        assertTrue(spec.advisories().get(0).contains("outside 01:00:5e:00:00:00-01:00:5e:7f:ff:ff"));
        assertSpecError(() -> lab().clusterMac("00:16:3e:00:00:01"), "invalid clusterMac '00:16:3e:00:00:01'");
        assertSpecError(() -> lab().clusterMac("ff:ff:ff:ff:ff:ff"), "broadcast");
        assertSpecError(() -> lab().clusterMac("01:00:5e:00:02"), "17 characters");
    }

    @Test
    void ipv6IsAcceptedByTheModel() {
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("2001:db8::64").nic("eth0").buckets(4).build();
        assertEquals("33:33:00:00:00:64", spec.clusterMac().toString());
        assertEquals(List.of(), spec.advisories());
        assertEquals(1, ClusterIpSpec.builder().vip("2001:db8::64").nic("eth0").buckets(4)
                .clusterMac("01:00:5e:00:00:64").build().advisories().size());
        assertSpecError(() -> ClusterIpSpec.builder().vip("2001:db8::64").nic("eth0").buckets(4)
                .hashMode("clusterip-compatible").build(), "CLUSTERIP is IPv4 only");
    }

    @Test
    void rejectsBadSeed() {
        String range = "expected an unsigned 32-bit integer 0..4294967295 (0x0..0xffffffff)";
        assertSpecError(() -> lab().seed(-1), "invalid seed '-1': " + range);
        assertSpecError(() -> lab().seed(0x1_0000_0000L), "invalid seed '4294967296': " + range);
        assertSpecError(() -> lab().seed("0x100000000"), "invalid seed '0x100000000'"); // the user's text
        assertSpecError(() -> lab().seed("-5"), "invalid seed '-5'");
        assertSpecError(() -> lab().seed("0xzz"), "invalid seed '0xzz'");
        assertSpecError(() -> lab().seed("12345678901"), "invalid seed '12345678901'");
        assertSpecError(() -> new ClusterIpSpec(InetAddress.ofLiteral("192.0.2.100"), "eth0", 12, HashMode.DEFAULT,
                -2, ClusterMac.parse("01:00:5e:00:02:64")), "invalid seed '-2'");
    }

    @Test
    void rejectsBadBuckets() {
        assertSpecError(() -> lab().buckets(0), "invalid buckets '0': expected an integer 1..4096");
        assertSpecError(() -> lab().buckets(4097), "invalid buckets '4097': expected an integer 1..4096");
        assertSpecError(() -> lab().buckets("-1"), "invalid buckets '-1'");
        assertSpecError(() -> lab().buckets("12a"), "invalid buckets '12a'");
        assertSpecError(() -> lab().buckets("99999"), "invalid buckets '99999'");
        assertSpecError(() -> ClusterIpSpec.builder().vip("192.0.2.100").nic("eth0").build(), "invalid buckets (none)");
    }

    @Test
    void rejectsBadVip() {
        for (String vip : new String[] {"", "192.0.2", "192.0.2.256", "192.0.2.010", "localhost", "example.invalid",
                "0x7f.1", "fe80::1%eth0", "[2001:db8::1]", "2001:db8:::1"}) {
            assertSpecError(() -> lab().vip(vip), "invalid vip '" + vip + "': expected an IPv4 address in dotted-quad form");
        }
        for (String vip : new String[] {"0.0.0.0", "127.0.0.1", "169.254.1.1", "224.0.0.1", "255.255.255.255",
                "::", "::1", "fe80::1", "ff02::1"}) {
            assertSpecError(() -> lab().vip(vip), "invalid vip '" + vip + "': expected a unicast IPv4 or IPv6 address");
        }
        assertSpecError(() -> ClusterIpSpec.builder().nic("eth0").buckets(2).build(), "invalid vip (none)");
        assertSpecError(() -> lab().hashMode("roundrobin"), "invalid hashMode 'roundrobin': expected one of sourceip,");
    }

    @Test
    void nicFollowsKernelDevValidName() {
        for (String nic : new String[] {"eth0", "ens3f0np0", "bond0.100", "br-lan", "a", "fifteen-chars15", "é"}) {
            assertEquals(nic, lab().nic(nic).build().nic());
        }
        for (String nic : new String[] {"", ".", "..", "sixteen-chars-16", "eth0:1", "eth/0", "eth 0", "eth\t0",
                "éééééééé", "à0", "eth\"0"}) {
            assertSpecError(() -> lab().nic(nic).build(), "expected a Linux interface name: 1..15 bytes");
        }
        assertSpecError(() -> ClusterIpSpec.builder().vip("192.0.2.100").buckets(2).build(), "invalid nic (none)");
        assertTrue(assertThrows(ClusterSpecException.class, () -> lab().nic("eth\n0").build())
                .getMessage().contains("'eth\\x0a0'"));
    }

    @Test
    void exceptionNamesTheParameter() {
        assertEquals("seed", assertThrows(ClusterSpecException.class, () -> lab().seed(-1)).parameter());
        assertEquals("nic", assertThrows(ClusterSpecException.class, () -> lab().nic("").build()).parameter());
    }

    private static void assertSpecError(Executable action, String expectedPart) {
        String message = assertThrows(ClusterSpecException.class, action).getMessage();
        assertTrue(message.contains(expectedPart), message);
    }
}
