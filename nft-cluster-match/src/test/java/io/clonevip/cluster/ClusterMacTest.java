package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClusterMacTest {

    @Test
    void parsesColonsAndDashesCaseInsensitiveAndFormatsLowerCase() {
        ClusterMac mac = ClusterMac.parse("01:00:5E:00:02:64");
        assertEquals(0x01005e000264L, mac.value());
        assertEquals("01:00:5e:00:02:64", mac.toString());
        assertEquals(mac, ClusterMac.parse(" 01-00-5e-00-02-64 "));
        assertEquals(mac, ClusterMac.of(new byte[] {1, 0, 0x5e, 0, 2, 0x64}));
        assertArrayEquals(new byte[] {1, 0, 0x5e, 0, 2, 0x64}, mac.bytes());
        assertEquals("ff:ff:ff:ff:ff:fe", ClusterMac.parse("FF:FF:FF:FF:FF:FE").toString());
        assertEquals("03:ab:cd:ef:01:23", ClusterMac.parse("03:AB:cd:Ef:01:23").toString());
    }

    @Test
    void defaultsFromTheVip() {
        assertEquals("01:00:5e:00:02:64", ClusterMac.forIpv4((Inet4Address) InetAddress.ofLiteral("192.0.2.100")).toString());
        // only the low 23 bits: the top bit of the second octet is dropped
        assertEquals("01:00:5e:33:64:0a", ClusterMac.forVip(InetAddress.ofLiteral("198.179.100.10")).toString());
        assertEquals("01:00:5e:7f:ff:ff", ClusterMac.forVip(InetAddress.ofLiteral("203.255.255.255")).toString());
        assertEquals("33:33:c0:a8:01:64", ClusterMac.forIpv6((Inet6Address) InetAddress.ofLiteral("2001:db8::c0a8:164")).toString());
        assertTrue(ClusterMac.forVip(InetAddress.ofLiteral("192.0.2.100")).isIpv4MulticastMapped());
        assertTrue(ClusterMac.forVip(InetAddress.ofLiteral("2001:db8::1")).isIpv6MulticastMapped());
        assertFalse(ClusterMac.parse("01:00:5e:80:00:00").isIpv4MulticastMapped());
        assertFalse(ClusterMac.parse("03:00:00:00:00:01").isIpv6MulticastMapped());
    }

    @Test
    void rejectsMalformedUnicastAndBroadcastWithClearMessages() {
        assertMessage("01:00:5e:00:02", "invalid clusterMac '01:00:5e:00:02': expected 6 octets of 2 hex digits"
                + " separated by ':' or '-', e.g. 01:00:5e:00:02:64 (17 characters, got 14)");
        assertMessage("01:00:5e:00:02:64:00", "(17 characters, got 20)");
        assertMessage("01:00:5g:00:02:64", "(octet 3 is not hexadecimal)");
        assertMessage("01:00-5e:00:02:64", "(one kind of separator)");
        assertMessage("01.00.5e.00.02.64", "e.g. 01:00:5e:00:02:64");
        assertMessage("0x:00:5e:00:02:64", "(octet 1 is not hexadecimal)");
        assertMessage("00:16:3e:00:02:64", "invalid clusterMac '00:16:3e:00:02:64': expected a multicast MAC"
                + " (odd first octet, e.g. 01:00:5e:...); this one is unicast");
        assertMessage("02:00:00:00:00:01", "this one is unicast");
        assertMessage("FF:FF:FF:FF:FF:FF", "invalid clusterMac 'ff:ff:ff:ff:ff:ff': expected a multicast MAC"
                + " other than the broadcast address ff:ff:ff:ff:ff:ff");
        assertMessage(null, "invalid clusterMac (none)");
        assertThrows(ClusterSpecException.class, () -> new ClusterMac(1L << 48 | 1L << 40));
        assertThrows(ClusterSpecException.class, () -> ClusterMac.of(new byte[5]));
        assertEquals("clusterMac", assertThrows(ClusterSpecException.class, () -> ClusterMac.parse("")).parameter());
    }

    private static void assertMessage(String text, String expectedPart) {
        String message = assertThrows(ClusterSpecException.class, () -> ClusterMac.parse(text)).getMessage();
        assertTrue(message.contains(expectedPart), message);
    }
}
