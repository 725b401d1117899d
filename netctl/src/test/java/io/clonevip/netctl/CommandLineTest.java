package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.hash.BucketPredictor;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** netctl's commands where no kernel state is needed: parsing, usage errors, offline which, rendering. */
class CommandLineTest {
    static final String NO_NS = "clonevip-no-such-ns-" + ProcessHandle.current().pid();

    private static void usage(String expected, String... args) {
        Cli r = Cli.run(args);
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertTrue(r.err().contains(expected), r.toString());
        assertTrue(r.out().isEmpty(), r.toString());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void everyCommandHasHelpWithExitCodes() {
        for (String c : new String[] {"status", "buckets", "which", "watch", "migrate"}) {
            Cli r = Cli.run(c, "--help");
            assertEquals(0, r.exit(), c);
            assertTrue(r.out().contains("--netns") || r.out().contains("Exit") || r.out().contains("Usage"), c + ": " + r.out());
        }
        Cli top = Cli.run("--help");
        for (String c : new String[] {"status", "buckets", "which", "watch", "migrate", "version"}) {
            assertTrue(top.out().contains("  " + c), c + " listed: " + top.out());
        }
        assertTrue(Cli.run("buckets", "add", "--help").out().contains("BUCKETS"));
        for (String c : new String[] {"undrain", "unguard"}) {
            Cli r = Cli.run("buckets", c, "--help");
            assertEquals(0, r.exit(), c);
            assertTrue(r.out().contains("VIP BUCKETS...") && r.out().contains("Exit status: 0"), r.out());
            assertTrue(Cli.run("buckets", "--help").out().contains("  " + c), c + " listed");
        }
    }

    @Test
    void malformedInputIsAUsageErrorBeforeTheKernelIsAsked() {
        // --netns names no namespace: a usage error must win over exit 5, so nothing was looked up
        usage("malformed VIP '198.51.100'", "--netns", NO_NS, "status", "198.51.100");
        usage("malformed VIP 'vip.example'", "--netns", NO_NS, "buckets", "add", "vip.example", "2");
        usage("malformed bucket list '1,,2'", "--netns", NO_NS, "buckets", "add", "198.51.100.100", "1,,2");
        usage("malformed bucket list 'two'", "--netns", NO_NS, "buckets", "del", "198.51.100.100", "two");
        usage("empty bucket list", "--netns", NO_NS, "buckets", "add", "198.51.100.100", "");
        usage("Missing required parameter", "buckets", "add", "198.51.100.100");
        usage("give a subcommand: add, del, set, undrain or unguard", "buckets");
        usage("malformed bucket list '2-x'", "--netns", NO_NS, "buckets", "undrain", "198.51.100.100", "2-x");
        usage("empty bucket list", "--netns", NO_NS, "buckets", "unguard", "198.51.100.100", "");
        usage("Missing required parameter", "buckets", "undrain", "198.51.100.100");
        usage("malformed port '' in CLIENT '198.51.100.50:'", "--netns", NO_NS, "which", "198.51.100.100", "198.51.100.50:");
        usage("malformed port '70000'", "which", "198.51.100.100", "198.51.100.50:70000", "--buckets", "3");
        usage("malformed CLIENT 'client'", "which", "198.51.100.100", "client:1");
        usage("malformed port 'x'", "which", "198.51.100.100", "198.51.100.50:1", "--dport", "x", "--buckets", "3");
        usage("unknown --proto 'sctp'", "which", "198.51.100.100", "198.51.100.50:1", "--proto", "sctp", "--buckets", "3");
        usage("different address families", "which", "198.51.100.100", "[2001:db8::7]:1", "--buckets", "3");
        usage("invalid buckets '0'", "which", "198.51.100.100", "198.51.100.50:1", "--buckets", "0");
        usage("invalid hashMode 'random'", "which", "198.51.100.100", "198.51.100.50:1", "--buckets", "3", "--hash-mode", "random");
        usage("--hash-mode and --seed go with --buckets", "--netns", NO_NS, "which", "198.51.100.100", "198.51.100.50:1", "--seed", "1");
        usage("give CLIENT:PORT", "which", "198.51.100.100", "198.51.100.50", "--buckets", "3");
        usage("give --dport", "which", "198.51.100.100", "198.51.100.50:1", "--buckets", "3",
                "--hash-mode", "sourceip-sourceport-destport");
        usage("malformed --interval '1h'", "--netns", NO_NS, "watch", "--interval", "1h");
        usage("below 100ms", "--netns", NO_NS, "watch", "--interval", "10ms");
        usage("--count -1 is negative", "--netns", NO_NS, "watch", "--count", "-1");
    }

    /** What ip netns refuses as a name is a usage error, found before any file is opened. */
    @Test
    void namespaceNamesIpNetnsRefusesAreUsageErrors() {
        String bad = "Invalid value for option '--netns': ";
        usage(bad + "'' is not a network namespace name: it is empty (names as ip netns accepts them)",
                "--netns", "", "status");
        usage(bad + "'../../etc/passwd' is not a network namespace name: it contains '/'",
                "--netns", "../../etc/passwd", "status");
        usage(bad + "'/run/netns/x' is not a network namespace name: it contains '/'", "--netns", "/run/netns/x", "status");
        usage(bad + "'.' is not a network namespace name: '.' and '..' are not names", "--netns", ".", "status");
        usage("'..' is not a network namespace name", "buckets", "add", "--netns", "..", "198.51.100.100", "2");
        usage("it is 256 bytes long, at most 255 are allowed", "--netns", "n".repeat(256), "status");
        usage("it is 256 bytes long, at most 255 are allowed", "--netns", "\u00e9".repeat(128), "status");
        // at the limit it is a name, just not one that exists
        assertEquals(ExitCodes.NO_NAMESPACE, Cli.run("--netns", "n".repeat(255), "status").exit());
    }

    @Test
    void missingNamespaceIsExit5ForEveryKernelCommand() {
        String[][] cmds = {{"status"}, {"status", "198.51.100.100"}, {"buckets", "add", "198.51.100.100", "2"},
                {"buckets", "set", "198.51.100.100", "1-3"}, {"buckets", "undrain", "198.51.100.100", "2"},
                {"buckets", "unguard", "198.51.100.100", "2"}, {"which", "198.51.100.100", "198.51.100.50:1"},
                {"watch", "--count", "1", "--interval", "100ms"}};
        for (String[] c : cmds) {
            String[] args = new String[c.length + 2];
            args[0] = "--netns";
            args[1] = NO_NS;
            System.arraycopy(c, 0, args, 2, c.length);
            Cli r = Cli.run(args);
            assertEquals(ExitCodes.NO_NAMESPACE, r.exit(), r.toString());
            assertTrue(r.err().contains("no network namespace named '" + NO_NS + "'"), r.toString());
        }
        // the inherited option also works after the subcommand
        assertEquals(ExitCodes.NO_NAMESPACE, Cli.run("buckets", "del", "--netns", NO_NS, "198.51.100.100", "2").exit());
        assertEquals(ExitCodes.NO_NAMESPACE, Cli.run("status", "--netns", NO_NS).exit());
    }

    @Test
    void whichWithoutTheNodeMatchesThePredictor() throws Exception {
        BucketPredictor p = new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT, 12, 0x1234abcdL);
        for (int port = 40000; port < 40050; port++) {
            Cli r = Cli.run("which", "198.51.100.100", "203.0.113.7:" + port, "--buckets", "12", "--seed", "0x1234abcd", "--json");
            assertEquals(0, r.exit(), r.toString());
            Map<String, Object> j = JsonText.object(r.out());
            assertEquals((long) p.bucket(InetAddress.getByName("203.0.113.7"), 6, port, 0), j.get("bucket"));
            assertNull(j.get("served_here"));
            assertEquals("options", j.get("source"));
            assertEquals((long) port, j.get("client_port"));
        }
        // ICMP hashes the address alone: no port needed; sourceip ignores ports
        BucketPredictor ip = new BucketPredictor(HashMode.SOURCE_IP, 7, 99);
        Cli icmp = Cli.run("which", "198.51.100.100", "203.0.113.9", "--proto", "icmp", "--buckets", "7", "--seed", "99", "--hash-mode", "sourceip");
        assertEquals(0, icmp.exit(), icmp.toString());
        int b = ip.bucket(InetAddress.getByName("203.0.113.9"), 1, 0, 0);
        assertTrue(icmp.out().startsWith("icmp 203.0.113.9 -> 198.51.100.100: bucket " + b + " of 7 (sourceip, seed 0x00000063)"), icmp.out());
        assertTrue(icmp.out().contains("this node: not read"), icmp.out());
        // IPv6 client with port, destport mode
        BucketPredictor v6 = new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT, 5, 7);
        Cli r6 = Cli.run("which", "2001:db8::100", "[2001:db8::7]:4000", "--dport", "3306", "--proto", "udp", "--buckets", "5",
                "--seed", "7", "--hash-mode", "sourceip-sourceport-destport", "--json");
        assertEquals(0, r6.exit(), r6.toString());
        assertEquals((long) v6.bucket(InetAddress.getByName("2001:db8::7"), 17, 4000, 3306), JsonText.object(r6.out()).get("bucket"));
    }

    @Test
    void endpointsParse() {
        assertEquals("198.51.100.50:40001", Endpoint.parse("CLIENT", "198.51.100.50:40001").toString());
        assertEquals("2001:db8::7", Endpoint.parse("CLIENT", "2001:db8::7").toString());
        assertEquals("[2001:db8::7]:40001", Endpoint.parse("CLIENT", "[2001:0DB8:0:0::7]:40001").toString());
        assertEquals(40001, Endpoint.parse("CLIENT", "[2001:db8::7]:40001").port());
        assertEquals(-1, Endpoint.parse("CLIENT", "198.51.100.50").port());
        for (String bad : new String[] {"", "1.2.3", "256.1.1.1", "[198.51.100.1]:1", "[2001:db8::7", "[2001:db8::7]x",
                "host:80", "1.2.3.4:-1", "1.2.3.4:123456", "01.2.3.4", "fe80::1%eth0", "[fe80::1%eth0]:1",
                "::ffff:198.51.100.50", "[::ffff:198.51.100.50]:1", "2001:db8:::7", "2001:db8::g"}) {
            try {
                Endpoint.parse("CLIENT", bad);
                throw new AssertionError("accepted " + bad);
            } catch (NetctlException e) {
                assertEquals(ExitCodes.USAGE, e.exitCode(), bad);
            }
        }
    }

    /**
     * IPv6 VIPs and clients: addresses that cannot be a cluster IP or a client's source are usage
     * errors saying what they are, before any namespace is looked at; output prints RFC 5952 forms.
     */
    @Test
    void ipv6AddressesThatCannotBeAVipOrAClientAreUsageErrors() {
        String vipOnly = "a cluster IP is a unicast IPv4 or IPv6 address of global scope";
        usage("VIP 'fe80::100' is a link-local address: " + vipOnly, "--netns", NO_NS, "which", "fe80::100", "[2001:db8::7]:1");
        usage("VIP 'fe80::100' is a link-local address", "which", "fe80::100", "[2001:db8::7]:1", "--buckets", "3");
        usage("VIP 'fe80::100' is a link-local address", "--netns", NO_NS, "status", "fe80::100");
        usage("VIP 'fe80::100' is a link-local address", "--netns", NO_NS, "watch", "fe80::100");
        usage("VIP 'fe80::100' is a link-local address", "--netns", NO_NS, "buckets", "add", "fe80::100", "1");
        usage("VIP 'fe80::100' is a link-local address", "--netns", NO_NS, "buckets", "undrain", "fe80::100", "1");
        usage("VIP 'ff02::1' is a multicast address", "--netns", NO_NS, "status", "ff02::1");
        usage("VIP '::1' is a loopback address", "--netns", NO_NS, "buckets", "del", "::1", "1");
        usage("VIP '::' is the unspecified address", "which", "::", "[2001:db8::7]:1", "--buckets", "3");
        usage("VIP '255.255.255.255' is the broadcast address", "--netns", NO_NS, "status", "255.255.255.255");
        usage("malformed VIP 'fe80::100%eth0'", "--netns", NO_NS, "status", "fe80::100%eth0");
        usage("malformed VIP '2001:db8::1::2'", "--netns", NO_NS, "which", "2001:db8::1::2", "[2001:db8::7]:1");
        usage("malformed VIP '::ffff:198.51.100.100': an IPv4-mapped IPv6 address; give the IPv4 form 198.51.100.100",
                "--netns", NO_NS, "status", "::ffff:198.51.100.100");
        usage("CLIENT '[fe80::7]:1' is a link-local address: give the unicast address of global scope the client sends from",
                "--netns", NO_NS, "which", "2001:db8::100", "[fe80::7]:1");
        usage("CLIENT 'ff02::1' is a multicast address", "which", "2001:db8::100", "ff02::1", "--proto", "icmp", "--buckets", "3");
        usage("malformed port '' in CLIENT '[2001:db8::7]:'", "which", "2001:db8::100", "[2001:db8::7]:", "--buckets", "3");
        usage("malformed port '65536' in CLIENT '[2001:db8::7]:65536'", "which", "2001:db8::100", "[2001:db8::7]:65536", "--buckets", "3");
        usage("different address families", "which", "2001:db8::100", "198.51.100.50:1", "--buckets", "3");
        usage("invalid hashMode 'clusterip-compatible'", "which", "2001:db8::100", "[2001:db8::7]:1", "--buckets", "3",
                "--hash-mode", "clusterip-compatible");
    }

    @Test
    void whichPrintsIpv6InItsShortForm() throws Exception {
        BucketPredictor p = new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT, 12, 0x1234abcdL);
        int b = p.bucket(InetAddress.getByName("2001:db8::7"), 6, 40001, 0);
        Cli r = Cli.run("which", "2001:0db8:0000::0100", "[2001:DB8::7]:40001", "--buckets", "12", "--seed", "0x1234abcd");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("tcp [2001:db8::7]:40001 -> 2001:db8::100: bucket " + b + " of 12 (sourceip-sourceport, seed 0x1234abcd)\n"
                + "this node: not read (--buckets given)\n", r.out());
        Map<String, Object> j = JsonText.object(Cli.run("which", "2001:db8::100", "[2001:db8::7]:40001", "--buckets", "12",
                "--seed", "0x1234abcd", "--json").out());
        assertEquals("2001:db8::100", j.get("vip"));
        assertEquals("2001:db8::7", j.get("client"));
        assertEquals((long) b, j.get("bucket"));
        Cli d = Cli.run("which", "2001:db8::100", "[2001:db8::7]:40001", "--dport", "3306", "--buckets", "12",
                "--hash-mode", "sourceip-sourceport-destport");
        assertTrue(d.out().startsWith("tcp [2001:db8::7]:40001 -> [2001:db8::100]:3306: bucket "), d.out());
        // ICMPv6 hashes the source address alone
        int icmp = new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT, 12, 0x1234abcdL).bucket(InetAddress.getByName("2001:db8::7"), 58, 0, 0);
        Cli i = Cli.run("which", "2001:db8::100", "2001:db8::7", "--proto", "icmp", "--buckets", "12", "--seed", "0x1234abcd");
        assertTrue(i.out().startsWith("icmp 2001:db8::7 -> 2001:db8::100: bucket " + icmp + " of 12"), i.out());
    }

    @Test
    void bucketArgsCheckSyntaxThenRange() {
        assertEquals("1,4-6,9", BucketArgs.parse(java.util.List.of("1,4-6", "9", " 5 "), false).resolve(12, "v").format());
        assertEquals("", BucketArgs.parse(java.util.List.of(""), true).resolve(3, "v").format());
        NetctlException e = org.junit.jupiter.api.Assertions.assertThrows(NetctlException.class,
                () -> BucketArgs.parse(java.util.List.of("2-13"), false).resolve(12, "198.51.100.100"));
        assertEquals("bucket 13 (in '2-13') is outside 1..12: 198.51.100.100 has N=12 buckets; nothing changed", e.getMessage());
        assertEquals(ExitCodes.USAGE, e.exitCode());
    }

    @Test
    void bucketMapOneGlyphPerBucket() {
        assertEquals("[##..#.......]", BucketMap.render(BucketSet.parse("1-2,5", 12)));
        String big = BucketMap.render(BucketSet.parse("1,65,130", 130));
        String[] lines = big.split("\n");
        assertEquals(3, lines.length, big);
        assertEquals(66, lines[0].length());
        assertTrue(lines[1].startsWith("   65 [#."), big);
        assertTrue(lines[2].equals("  129 [.#]"), big);
    }
}
