package io.clonevip.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import io.clonevip.testing.Mutator;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The rtnetlink decoders (addresses, links, routes, neighbours) and the dev_mcast parser on mutated input:
 * only KernelException may come out. Seeded; the valid inputs decode to the expected values.
 */
class RtnlDecodeFuzzTest {
    /** Only a hang takes this long: the cases need about 2 s of CPU; the margin is for loaded CI machines. */
    private static final Duration HANG = Duration.ofSeconds(120);
    private static final long SEED = 0x5EED_0ADDL;
    private static final int CASES = 40_000;

    interface Decoder { Object decode(NlMsg m) throws KernelException; }

    static byte[] addr() throws KernelException {
        NlMsgBuilder b = new NlMsgBuilder();
        b.message(rtnetlink_h.RTM_NEWADDR(), netlink_h.NLM_F_MULTI(), w -> w.rawU8(2).rawU8(24).rawU8(0x80).rawU8(0).rawU32(2)
                .bytes(rtnetlink_h.IFA_ADDRESS(), new byte[] {(byte) 198, 51, 100, 7})
                .bytes(rtnetlink_h.IFA_LOCAL(), new byte[] {(byte) 198, 51, 100, 7})
                .bytes(rtnetlink_h.IFA_BROADCAST(), new byte[] {(byte) 198, 51, 100, (byte) 255})
                .string(rtnetlink_h.IFA_LABEL(), "vnode0:vip").u32(rtnetlink_h.IFA_FLAGS(), 0x80));
        return b.bytes();
    }

    static byte[] link() throws KernelException {
        NlMsgBuilder b = new NlMsgBuilder();
        b.message(rtnetlink_h.RTM_NEWLINK(), 0, w -> w.rawU8(0).rawU8(0).rawU16(1).rawU32(2).rawU32(0x11043).rawU32(0)
                .string(rtnetlink_h.IFLA_IFNAME(), "vnode0").u32(rtnetlink_h.IFLA_MTU(), 1500)
                .bytes(rtnetlink_h.IFLA_ADDRESS(), new byte[] {2, 0, 0, 0, 0, 1}).u8(rtnetlink_h.IFLA_OPERSTATE(), 6));
        return b.bytes();
    }

    static byte[] route() throws KernelException {
        NlMsgBuilder b = new NlMsgBuilder();
        b.message(rtnetlink_h.RTM_NEWROUTE(), 0, w -> w.rawU8(10).rawU8(128).rawU8(0).rawU8(0).rawU8(254).rawU8(0).rawU8(0).rawU8(1).rawU32(0x200)
                .u32(rtnetlink_h.RTA_TABLE(), 254).bytes(rtnetlink_h.RTA_DST(), new byte[16]).u32(rtnetlink_h.RTA_OIF(), 2)
                .bytes(rtnetlink_h.RTA_GATEWAY(), new byte[16]).bytes(rtnetlink_h.RTA_PREFSRC(), new byte[16]));
        return b.bytes();
    }

    static byte[] neigh() throws KernelException {
        NlMsgBuilder b = new NlMsgBuilder();
        b.message(rtnetlink_h.RTM_NEWNEIGH(), 0, w -> w.rawU8(10).rawU8(0).rawU16(0).rawU32(2).rawU16(rtnetlink_h.NUD_STALE()).rawU8(0x80).rawU8(1)
                .bytes(rtnetlink_h.NDA_DST(), new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0})
                .bytes(rtnetlink_h.NDA_LLADDR(), new byte[] {0x33, 0x33, 0, 0, 1, 0}));
        return b.bytes();
    }

    @Test
    void validMessagesDecode() throws Exception {
        IfAddr a = IfAddrMsg.decode(NlMsg.parseAll(addr(), addr().length).get(0));
        assertEquals("198.51.100.7/24", a.cidr());
        assertEquals("vnode0:vip", a.label());
        assertEquals(InetAddress.ofLiteral("198.51.100.255"), a.broadcast());
        Link l = IfInfoMsg.decode(NlMsg.parseAll(link(), link().length).get(0));
        assertEquals(new Link(2, "vnode0", 0x11043, MacAddress.parse("02:00:00:00:00:01"), 1500, OperState.UP), l);
        Route r = Routes.decode(InetAddress.ofLiteral("::"), NlMsg.parseAll(route(), route().length).get(0));
        assertEquals(2, r.linkIndex());
        assertEquals(254, r.table());
        Neighbour n = Neighbours.decode(NlMsg.parseAll(neigh(), neigh().length).get(0));
        assertEquals(new Neighbour(10, 2, InetAddress.ofLiteral("2001:db8:1::100"), MacAddress.parse("33:33:00:00:01:00"),
                rtnetlink_h.NUD_STALE(), rtnetlink_h.NTF_ROUTER()), n);
    }

    /**
     * The four decoders, coverage-guided (Jazzer): the first byte picks the decoder (address,
     * link, route, neighbour), the rest is the datagram. The normal suite replays RtnlDecodeFuzzTestInputs
     * (the valid messages above, written by {@link #writeSeeds}); docs/developer/fuzzing.md says how to fuzz longer.
     */
    @FuzzTest(maxDuration = "2m")
    void messageOnlyThrowsKernelException(byte[] input) {
        if (input.length == 0) return;
        Decoder[] decoders = {IfAddrMsg::decode, IfInfoMsg::decode, m -> Routes.decode(InetAddress.ofLiteral("::1"), m), Neighbours::decode};
        try {
            for (NlMsg m : NlMsg.parseAll(Arrays.copyOfRange(input, 1, input.length), input.length - 1)) {
                String.valueOf(decoders[Byte.toUnsignedInt(input[0]) % decoders.length].decode(m));
            }
        } catch (KernelException expected) {
            // malformed
        }
    }

    /** Writes the valid messages as the kept inputs of {@link #messageOnlyThrowsKernelException}. */
    @Test
    @Tag("seeds") // a recorder, not a test: excluded from the suite (pom: surefire.excludedGroups)
    @EnabledIfSystemProperty(named = "fuzz.recordSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path dir = Path.of("src/test/resources/io/clonevip/rtnl/RtnlDecodeFuzzTestInputs/messageOnlyThrowsKernelException");
        Files.createDirectories(dir);
        String[] names = {"address", "link", "route", "neighbour"};
        byte[][] messages = {addr(), link(), route(), neigh()};
        for (int k = 0; k < messages.length; k++) {
            byte[] in = new byte[messages[k].length + 1];
            in[0] = (byte) k;
            System.arraycopy(messages[k], 0, in, 1, messages[k].length);
            Files.write(dir.resolve(names[k]), in);
        }
    }

    @Test
    void decodersOnlyThrowKernelException() {
        assertTimeoutPreemptively(HANG, () -> {
            Mutator mut = new Mutator(SEED);
            List<byte[]> inputs = List.of(addr(), link(), route(), neigh());
            Decoder[] decoders = {IfAddrMsg::decode, IfInfoMsg::decode, m -> Routes.decode(InetAddress.ofLiteral("::1"), m), Neighbours::decode};
            for (int i = 0; i < CASES; i++) {
                int k = mut.random().nextInt(inputs.size());
                byte[] d = mut.mutate(inputs.get(k));
                try {
                    for (NlMsg m : NlMsg.parseAll(d, d.length)) decoders[k].decode(m);
                } catch (KernelException expected) {
                    // malformed
                } catch (Throwable t) {
                    fail("case " + i + " (seed " + SEED + "): " + t + " for " + HexFormat.of().formatHex(d), t);
                }
            }
            byte[] mcast = ("2    vnode0          1     0     333300000001\n"
                    + "2    vnode0          1     1     01005e420107\n").getBytes(StandardCharsets.US_ASCII);
            assertEquals(2, MulticastMembership.parse(new String(mcast, StandardCharsets.US_ASCII)).size());
            for (int i = 0; i < CASES; i++) {
                String text = new String(mut.mutate(mcast), StandardCharsets.ISO_8859_1);
                try {
                    MulticastMembership.parse(text);
                } catch (KernelException expected) {
                    // malformed
                } catch (Throwable t) {
                    fail("dev_mcast case " + i + ": " + t + " for '" + text + "'", t);
                }
            }
        });
    }
}
