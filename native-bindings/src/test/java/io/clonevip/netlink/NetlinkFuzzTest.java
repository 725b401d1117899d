package io.clonevip.netlink;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.testing.Mutator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Truncated, bit-flipped and random datagrams into the parser, the attribute reader and getters,
 * and NetlinkConn's reply logic (through FuncTransport): only KernelException may come out, and
 * every case terminates (the whole run has a deadline). Seeded, so a failure is reproducible.
 */
class NetlinkFuzzTest {
    /** Only a hang takes this long: the cases need about 2 s of CPU; the margin is for loaded CI machines. */
    private static final Duration HANG = Duration.ofSeconds(120);
    private static final long SEED = 0xC10E_71BL;
    private static final int CASES = 120_000;
    private static final int CONN_CASES = 40_000;

    /** Valid datagrams of the kinds the kernel sends. */
    static List<byte[]> corpus() throws KernelException {
        List<byte[]> c = new ArrayList<>();
        NlMsg req = new NlMsg(20, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK(), 7, 0, new byte[] {2, 24, 0, 0, 5, 0, 0, 0});
        c.add(FuncTransport.ack(req));
        c.add(FuncTransport.error(req, 17, "address exists"));
        c.add(FuncTransport.error(req, 22, null));
        c.add(FuncTransport.done(req));
        // an uncapped error that carries the whole request, then ext-ack TLVs
        NlMsgBuilder e = new NlMsgBuilder();
        AttrWriter w = e.begin(netlink_h.NLMSG_ERROR(), netlink_h.NLM_F_ACK_TLVS());
        w.rawU32(-19).rawU32(24).rawU16(20).rawU16(5).rawU32(7).rawU32(0).rawBytes(new byte[] {2, 24, 0, 0, 5, 0, 0, 0});
        w.string(netlink_h.NLMSGERR_ATTR_MSG(), "no such device").u32(netlink_h.NLMSGERR_ATTR_OFFS(), 16);
        c.add(e.seal(7, FuncTransport.PORT));
        // data with nested attributes, two messages in one datagram
        NlMsgBuilder d = new NlMsgBuilder();
        d.message(20, netlink_h.NLM_F_MULTI(), x -> x.rawU8(2).rawU8(24).rawU8(0x80).rawU8(0).rawU32(5)
                .bytes(1, new byte[] {(byte) 198, 51, 100, 7}).bytes(2, new byte[] {(byte) 198, 51, 100, 7})
                .string(3, "vnode0:vip").u32(8, 0x80)
                .nested(6, n -> n.u32(1, 1).u64(2, 99L).be16(3, 80).be32(4, 1).be64(5, 2L).nested(7, m -> m.u8(1, 3).flag(2))));
        d.message(16, netlink_h.NLM_F_MULTI(), x -> x.rawU8(0).rawU8(0).rawU16(1).rawU32(2).rawU32(0x11043).rawU32(0)
                .string(3, "vnode0").u32(4, 1500).bytes(1, new byte[] {2, 0, 0, 0, 0, 1}).u8(16, 6));
        c.add(d.seal(7, FuncTransport.PORT));
        return c;
    }

    /** Every read a caller might do on a parsed datagram. */
    static void walk(byte[] d) throws KernelException {
        for (NlMsg m : NlMsg.parseAll(d, d.length)) {
            for (int skip : new int[] {0, 4, 8, 12, 16}) {
                AttrReader r = m.reader();
                if (r.remaining() < skip) continue;
                r.skip(skip);
                try {
                    walk(r.attributes(), 0);
                } catch (KernelException expected) {
                    // malformed at this offset: fine
                }
            }
            AttrReader r = m.reader();
            while (r.remaining() > 0) r.u8();
            if (m.type() == netlink_h.NLMSG_ERROR()) NetlinkConn.errorOf("fuzz", m);
        }
    }

    static void walk(Attrs attrs, int depth) throws KernelException {
        for (Attr a : attrs.all()) {
            a.string();
            a.bytes();
            // every getter that fits; one that does not (exceptions are the slow part of the run)
            boolean triedShort = false;
            for (int g = 0; g < GETTERS.length; g++) {
                if (a.length() >= SIZES[g]) {
                    GETTERS[g].get(a);
                } else if (!triedShort) {
                    triedShort = true;
                    try {
                        GETTERS[g].get(a);
                        fail("attribute of " + a.length() + " bytes read as " + SIZES[g] + " bytes");
                    } catch (KernelException expected) {
                        // too short for this type
                    }
                }
            }
            if (depth < 4) {
                try {
                    walk(a.nested(), depth + 1);
                } catch (KernelException expected) {
                    // not a nested list
                }
            }
        }
    }

    interface Getter { Object get(Attr a) throws KernelException; }

    static final Getter[] GETTERS = {Attr::u8, Attr::u16, Attr::u32, Attr::u64, Attr::be16, Attr::be32, Attr::be64};
    static final int[] SIZES = {1, 2, 4, 8, 2, 4, 8};

    private static void expectOnlyKernelException(long caseNo, byte[] input, ThrowingRun r) {
        try {
            r.run();
        } catch (KernelException expected) {
            // the only allowed failure
        } catch (Throwable t) {
            fail("case " + caseNo + " (seed " + SEED + "): " + t + " for input " + HexFormat.of().formatHex(input), t);
        }
    }

    interface ThrowingRun { void run() throws Exception; }

    @Test
    void parserAndAttributeReadersOnlyThrowKernelException() {
        assertTimeoutPreemptively(HANG, () -> {
            List<byte[]> corpus = corpus();
            for (byte[] valid : corpus) walk(valid); // the valid ones parse
            Mutator mut = new Mutator(SEED);
            int malformed = 0;
            for (int i = 0; i < CASES; i++) {
                byte[] d = mut.mutate(corpus.get(mut.random().nextInt(corpus.size())));
                try {
                    walk(d);
                } catch (KernelException expected) {
                    malformed++;
                } catch (Throwable t) {
                    fail("case " + i + " (seed " + SEED + "): " + t + " for input " + HexFormat.of().formatHex(d), t);
                }
            }
            assertTrue(malformed > CASES / 10, "the mutations do produce malformed input: " + malformed);
            // lengths outside the buffer
            expectOnlyKernelException(-1, new byte[0], () -> NlMsg.parseAll(new byte[4], 8));
            expectOnlyKernelException(-2, new byte[0], () -> NlMsg.parseAll(new byte[4], -1));
        });
    }

    /**
     * The parser and attribute readers, coverage-guided (Jazzer): the normal suite replays the
     * inputs under NetlinkFuzzTestInputs (the {@link #corpus()} datagrams, written by
     * {@link #writeSeeds}); docs/developer/fuzzing.md says how to fuzz longer.
     */
    @FuzzTest(maxDuration = "2m")
    void datagramOnlyThrowsKernelException(byte[] datagram) {
        try {
            walk(datagram);
        } catch (KernelException expected) {
            // malformed
        }
    }

    /** Writes {@link #corpus()} as the kept inputs of {@link #datagramOnlyThrowsKernelException}. */
    @Test
    @Tag("seeds") // a recorder, not a test: excluded from the suite (pom: surefire.excludedGroups)
    @EnabledIfSystemProperty(named = "fuzz.recordSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path dir = Path.of("src/test/resources/io/clonevip/netlink/NetlinkFuzzTestInputs/datagramOnlyThrowsKernelException");
        Files.createDirectories(dir);
        List<byte[]> c = corpus();
        for (int i = 0; i < c.size(); i++) Files.write(dir.resolve("corpus-" + i), c.get(i));
    }

    @Test
    void netlinkConnOnlyThrowsKernelException() {
        assertTimeoutPreemptively(HANG, () -> {
            Mutator mut = new Mutator(SEED + 1);
            for (int i = 0; i < CONN_CASES; i++) {
                boolean dump = mut.random().nextBoolean();
                int kind = mut.random().nextInt(4);
                FuncTransport t = new FuncTransport(req -> {
                    List<byte[]> replies = new ArrayList<>();
                    try {
                        for (byte[] valid : replyFor(req.get(0), kind, dump)) {
                            replies.add(mut.random().nextInt(4) == 0 ? valid : mut.mutate(valid));
                        }
                    } catch (KernelException e) {
                        throw new IllegalStateException(e);
                    }
                    return replies;
                });
                NlMsgBuilder b = new NlMsgBuilder();
                b.message(20, netlink_h.NLM_F_REQUEST() | (dump ? netlink_h.NLM_F_DUMP() : netlink_h.NLM_F_ACK()), x -> x.rawU32(0).rawU32(0));
                long caseNo = i;
                expectOnlyKernelException(caseNo, new byte[0], () -> {
                    try (NetlinkConn c = new NetlinkConn(t)) {
                        List<NlMsg> got = dump ? c.dump("fuzz", b) : c.execute("fuzz", b);
                        for (NlMsg m : got) {
                            byte[] p = m.payload();
                            walk(new AttrReader(p, 0, p.length).attributes(), 0);
                        }
                    }
                });
            }
        });
    }

    private static List<byte[]> cached;

    private static List<byte[]> replyFor(NlMsg req, int kind, boolean dump) throws KernelException {
        if (cached == null) cached = corpus();
        List<byte[]> c = cached;
        byte[] data = FuncTransport.data(req, 20, netlink_h.NLM_F_MULTI(), x -> x.rawU32(0).rawU32(0).string(3, "x").nested(6, n -> n.u32(1, 1)));
        return switch (kind) {
            case 0 -> dump ? List.of(data, data, FuncTransport.done(req)) : List.of(data, FuncTransport.ack(req));
            case 1 -> List.of(FuncTransport.error(req, 1, "not permitted"));
            case 2 -> List.of(data, c.get(4));
            default -> List.of(c.get(5), FuncTransport.done(req));
        };
    }
}
