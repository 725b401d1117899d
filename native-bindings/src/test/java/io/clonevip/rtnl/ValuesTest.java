package io.clonevip.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The value types: strict literals, canonical text, MACs, default broadcast. */
class ValuesTest {
    @Test
    void ipv6TextIsCanonicalAsIproute2PrintsIt() throws Exception {
        assertEquals("::1", IpLiteral.format(InetAddress.ofLiteral("::1")));
        assertEquals("::", IpLiteral.format(InetAddress.ofLiteral("::")));
        assertEquals("2001:db8::10", IpLiteral.format(InetAddress.ofLiteral("2001:0DB8:0:0:0:0:0:0010")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpLiteral.format(InetAddress.ofLiteral("2001:db8:0:1:1:1:1:1")), "a single zero group stays");
        assertEquals("2001:0:0:1::1", IpLiteral.format(InetAddress.ofLiteral("2001:0:0:1:0:0:0:1")), "the longest run is compressed");
        assertEquals("fe80::", IpLiteral.format(InetAddress.ofLiteral("fe80::")));
        assertEquals("198.51.100.7", IpLiteral.format(IpLiteral.parse("198.51.100.7")));
    }

    @Test
    void literalsAreStrict() {
        for (String bad : new String[] {"", "1", "10.1", "198.51.100", "198.51.100.07", "256.1.1.1", "fe80::1%eth0", "::ffff:198.51.100.7", "host", "1.2.3.4 "}) {
            KernelException e = assertThrows(KernelException.class, () -> IpLiteral.parse(bad), bad);
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    @Test
    void macAddresses() throws Exception {
        MacAddress m = MacAddress.parse("01:00:5E:0a:0B:0c");
        assertEquals("01:00:5e:0a:0b:0c", m.toString());
        assertTrue(m.isMulticast());
        assertFalse(MacAddress.parse("02-00-00-00-00-01").isMulticast());
        assertEquals(m, MacAddress.of(m.bytes()));
        byte[] b = m.bytes();
        b[0] = 9;
        assertEquals("01:00:5e:0a:0b:0c", m.toString(), "immutable");
        assertThrows(KernelException.class, () -> MacAddress.parse("01:00:5e:0a:0b"));
        assertThrows(KernelException.class, () -> MacAddress.parse("01:00:5e:0a:0b:0g"));
    }

    @Test
    void defaultBroadcastAndParse() throws Exception {
        assertEquals(InetAddress.ofLiteral("198.51.100.255"), IfAddr.parse("198.51.100.7/24", 2).withDefaultBroadcast().broadcast());
        assertEquals(InetAddress.ofLiteral("203.0.113.7"), IfAddr.parse("203.0.113.4/30", 2).withDefaultBroadcast().broadcast());
        assertEquals(null, IfAddr.parse("203.0.113.4/31", 2).withDefaultBroadcast().broadcast(), "no broadcast on /31");
        assertEquals(32, IfAddr.parse("198.51.100.7", 2).prefix());
        assertEquals(128, IfAddr.parse("2001:db8::7", 2).prefix());
        assertEquals("2001:db8::7/64", IfAddr.parse("2001:db8::7/64", 2).cidr());
    }
}
