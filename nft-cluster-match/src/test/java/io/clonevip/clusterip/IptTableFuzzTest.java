package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.ip_tables_h;
import io.clonevip.testkit.net.TestNetns;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A legacy iptables table as {@code IPT_SO_GET_INFO} + {@code IPT_SO_GET_ENTRIES} hand it out,
 * mutated by Jazzer, through {@link IptTable#parse} and everything the CLUSTERIP backend then
 * does with it: every entry's fields, verdicts, jump targets and error names, the chains and
 * policies, the VIP's CLUSTERIP rules, removing them (the stop) and inserting one (the start),
 * laid out and parsed again. Only {@link KernelException} may come out of parse; a table that
 * parsed never throws afterwards.
 *
 * <p>The input is {@code valid_hooks}, {@code hook_entry[5]}, {@code underflow[5]} (u32, host
 * order, as in {@code struct ipt_getinfo}) followed by the entry blob. Seeds: {@link #recordSeeds}.
 */
class IptTableFuzzTest {
    private static final int HOOKS = ip_tables_h.NF_INET_NUMHOOKS();
    private static final int HEADER = 4 * (1 + 2 * HOOKS);
    private static final int INPUT = ip_tables_h.NF_INET_LOCAL_IN();
    static final Inet4Address VIP = (Inet4Address) InetAddress.ofLiteral("198.51.100.100");

    @FuzzTest(maxDuration = "2m")
    void parseOnlyThrowsKernelException(byte[] input) throws KernelException {
        IptTable t;
        try {
            t = parse(input);
        } catch (KernelException malformed) {
            return;
        }
        if (t == null) return;
        walk(t);
        List<IptEntry> mine;
        try {
            mine = ClusterIpLegacyBackend.rulesFor(t, VIP);
        } catch (KernelException noInputChain) {
            return;
        }
        IptTable stopped = t;
        for (IptEntry e : mine) stopped = stopped.remove(e);
        walk(reparsed(stopped));
        IptEntry rule = new ClusterIpRule(VIP, "eth0", ClusterIpParams.of("198.51.100.100", "eth0", "01:00:5E:00:00:64", 3, 1, "sourceip-sourceport", "0x5eed").rule().target()).toEntry();
        walk(reparsed(stopped.insertAtChainStart(INPUT, rule)));
    }

    /** The table in {@code input}, or null when the input is shorter than its header. */
    static IptTable parse(byte[] input) throws KernelException {
        if (input.length < HEADER) return null;
        ByteBuffer b = ByteBuffer.wrap(input).order(ByteOrder.nativeOrder());
        int valid = b.getInt();
        int[] he = new int[HOOKS];
        int[] uf = new int[HOOKS];
        for (int h = 0; h < HOOKS; h++) he[h] = b.getInt();
        for (int h = 0; h < HOOKS; h++) uf[h] = b.getInt();
        int size = input.length - HEADER;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment blob = a.allocate(Math.max(size, 1), 8);
            MemorySegment.copy(input, HEADER, blob, ValueLayout.JAVA_BYTE, 0, size);
            return IptTable.parse("filter", valid, he, uf, blob, size);
        }
    }

    /** Everything a reader of the table looks at. */
    static void walk(IptTable t) {
        for (IptEntry e : t.entries()) {
            String.valueOf(e);
            e.matches();
            e.targetData();
            if (e.isStandard()) {
                e.verdict();
                t.jumpTarget(e);
            }
            if (e.isError()) e.errorName();
            ClusterIpRule.of(e).ifPresent(r -> r.iptablesSpec("INPUT"));
        }
        for (int h = 0; h < HOOKS; h++) {
            if ((t.validHooks() & (1 << h)) == 0) continue;
            t.chain(h);
            t.policy(h);
        }
    }

    /** {@code t} laid out as {@code IPT_SO_SET_REPLACE} would send it, parsed again. */
    static IptTable reparsed(IptTable t) throws KernelException {
        IptTable.Layout layout = t.layout();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment blob = a.allocate(Math.max(layout.size(), 1), 8);
            t.writeEntries(blob, layout);
            IptTable again = IptTable.parse(t.name(), t.validHooks(), layout.hookEntry(), layout.underflow(), blob, layout.size());
            assertEquals(t.entries().size(), again.entries().size(), "entries after a layout round trip");
            return again;
        }
    }

    static Path inputs() {
        return Path.of("src/test/resources/io/clonevip/clusterip/IptTableFuzzTestInputs/parseOnlyThrowsKernelException");
    }

    /** The inputs kept for the defects fuzzing found are refused at parse, each for its reason. */
    @Test
    void keptFindingsAreParseErrors() throws Exception {
        assertParseError("standard-target-without-verdict", "standard target of 32 bytes has no verdict");
        assertParseError("error-target-without-name", "ERROR target of 32 bytes has no chain name");
        assertParseError("hook-entry-after-underflow", "hook 1 starts at offset 152, after its policy at offset 0");
    }

    private static void assertParseError(String input, String message) throws Exception {
        KernelException e = assertThrows(KernelException.class, () -> parse(Files.readAllBytes(inputs().resolve(input))));
        assertEquals(Errno.EBADMSG, e.errno());
        assertEquals(message, e.kernelMessage());
    }

    /** A jump into a rule the stop removes now starts at the rule after it (was: IllegalArgumentException). */
    @Test
    void removingAJumpTargetRetargetsTheJump() throws Exception {
        IptTable t = parse(Files.readAllBytes(inputs().resolve("filter-with-clusterip")));
        int jumpAt = t.entries().indexOf(t.entries().stream().filter(e -> t.jumpTarget(e).isPresent()).findFirst().orElseThrow());
        IptTable redirected = retarget(t, t.entries().get(jumpAt), ClusterIpLegacyBackend.rulesFor(t, VIP).get(0));
        IptEntry ours = ClusterIpLegacyBackend.rulesFor(redirected, VIP).get(0);
        IptEntry jump = redirected.entries().get(jumpAt);
        assertSame(ours, redirected.jumpTarget(jump).orElseThrow());
        IptTable stopped = redirected.remove(ours);
        assertSame(redirected.entries().get(redirected.indexOf(ours) + 1), stopped.jumpTarget(jump).orElseThrow());
        walk(reparsed(stopped));
    }

    /** {@code t} with {@code jump} re-targeted to {@code target}, through the bytes (as a foreign tool would write it). */
    private static IptTable retarget(IptTable t, IptEntry jump, IptEntry target) throws KernelException {
        IptTable.Layout layout = t.layout();
        byte[] in = bytes(t);
        int at = HEADER + layout.offsets().get(jump) + jump.size() - jump.targetData().length;
        ByteBuffer.wrap(in).order(ByteOrder.nativeOrder()).putInt(at, layout.offsets().get(target));
        return parse(in);
    }

    /** The kept seed parses, holds the CLUSTERIP rule, and the stop removes exactly it. */
    @Test
    void recordedSeedParses() throws Exception {
        IptTable t = parse(Files.readAllBytes(inputs().resolve("filter-with-clusterip")));
        assertEquals(1, ClusterIpLegacyBackend.rulesFor(t, VIP).size());
        walk(reparsed(t.remove(ClusterIpLegacyBackend.rulesFor(t, VIP).get(0))));
    }

    /**
     * Re-records the seeds from the kernel's legacy iptables (root; a namespace of its own):
     * {@code mvn -pl nft-cluster-match -am test -Dtest=IptTableFuzzTest#recordSeeds
     * -Dfuzz.recordSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}. Table filter with a user
     * chain, a jump, matches and counters, as read; and the same with the CLUSTERIP rule IPaddr3
     * writes at the head of INPUT (this kernel may have no CLUSTERIP target, so it is inserted
     * by our own code), as laid out for IPT_SO_SET_REPLACE.
     */
    @Test
    @Tag("seeds") // a recorder, not a test: excluded from the suite (pom: surefire.excludedGroups)
    @EnabledIfSystemProperty(named = "fuzz.recordSeeds", matches = "true")
    void recordSeeds() throws Exception {
        try (TestNetns ns = TestNetns.create("iptseed")) {
            IptTableKernelTest.ipt(ns, "-N", "cvchain");
            IptTableKernelTest.ipt(ns, "-A", "INPUT", "-c", "7", "700", "-s", "198.51.100.7", "-j", "cvchain");
            IptTableKernelTest.ipt(ns, "-A", "INPUT", "-p", "udp", "--dport", "53", "-m", "comment", "--comment", "dns", "-j", "DROP");
            IptTableKernelTest.ipt(ns, "-A", "cvchain", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
            IptTableKernelTest.ipt(ns, "-A", "cvchain", "-j", "RETURN");
            IptTableKernelTest.ipt(ns, "-A", "OUTPUT", "-d", "203.0.113.1", "-j", "DROP");
            NetNs.run(ns.name(), () -> {
                IptTable t;
                try (IptSocket s = IptSocket.open()) {
                    t = s.read("filter");
                }
                Files.createDirectories(inputs());
                Files.write(inputs().resolve("filter"), bytes(t));
                IptEntry rule = new ClusterIpRule(VIP, "eth0", ClusterIpParams.of("198.51.100.100", "eth0", "01:00:5E:00:00:64", 3, 2, "sourceip-sourceport", "0x5eed").rule().target()).toEntry();
                Files.write(inputs().resolve("filter-with-clusterip"), bytes(t.insertAtChainStart(INPUT, rule)));
            });
        }
    }

    /** The fuzz input for {@code t}: header and blob as laid out. */
    static byte[] bytes(IptTable t) {
        IptTable.Layout layout = t.layout();
        ByteBuffer b = ByteBuffer.allocate(HEADER + layout.size()).order(ByteOrder.nativeOrder());
        b.putInt(t.validHooks());
        for (int h = 0; h < HOOKS; h++) b.putInt(layout.hookEntry()[h]);
        for (int h = 0; h < HOOKS; h++) b.putInt(layout.underflow()[h]);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment blob = a.allocate(Math.max(layout.size(), 1), 8);
            t.writeEntries(blob, layout);
            b.put(blob.asSlice(0, layout.size()).toArray(ValueLayout.JAVA_BYTE));
        }
        return b.array();
    }
}
