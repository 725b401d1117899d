package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.nativ.bind.nfnetlink_h;
import io.clonevip.netlink.FuncTransport;
import io.clonevip.netlink.NetlinkSocket;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import io.clonevip.netlink.Transport;
import io.clonevip.nft.Bytes;
import io.clonevip.nft.Family;
import io.clonevip.nft.MsgType;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.TableContents;
import io.clonevip.testkit.net.TestNetns;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The nf_tables dump decoders (table, chain, set, element, rule, every expression) and the readers
 * on top of them, on dumps Jazzer mutates: {@link ClusterIpTables#state}, {@link ClusterIpTables#list},
 * {@link ClusterIpTables#leave} (IPaddr3's stop), {@link ClusterIpTables#removeBuckets} and
 * {@link NftConn#readTable} of a foreign table. The input is one netlink datagram of
 * NEWTABLE/NEWCHAIN/NEWSET/NEWSETELEM/NEWRULE messages, as a kernel dump sends them; every dump
 * request is answered with them. Only {@link KernelException} (EBADMSG for what does not decode)
 * and, from removeBuckets, {@link NoSuchClusterIpException} may come out.
 *
 * <p>The normal suite replays the kept inputs under {@code NftDumpFuzzTestInputs} (regression
 * mode); the seeds there were recorded from a real kernel by {@link #recordSeeds}. How to fuzz
 * longer: docs/developer/fuzzing.md.
 */
class NftDumpFuzzTest {
    static final InetAddress VIP = InetAddress.ofLiteral("198.51.100.100");

    interface Read { Object read() throws KernelException; }

    private static void onlyKernelException(Read r) {
        try {
            String.valueOf(r.read()); // every toString of what was decoded, too
        } catch (KernelException | NoSuchClusterIpException expected) {
            // malformed, or not configured
        }
    }

    @FuzzTest(maxDuration = "2m")
    void readersOnlyThrowKernelException(byte[] datagram) {
        List<NlMsg> dump;
        try {
            dump = NlMsg.parseAll(datagram, datagram.length);
        } catch (KernelException malformed) {
            return;
        }
        try (NftConn c = new NftConn(new FuncTransport(req -> answer(req, dump)), true)) {
            ClusterIpTables t = new ClusterIpTables(c);
            onlyKernelException(() -> t.state(VIP));
            onlyKernelException(t::list);
            onlyKernelException(() -> t.leave(VIP, 1));
            onlyKernelException(() -> t.removeBuckets(VIP, 1));
            onlyKernelException(() -> c.readTable(Family.INET, "foreignfw"));
        }
    }

    /**
     * What a kernel holding {@code dump} answers: the generation; for a dump request, the objects
     * of the requested family (the type and table filters are left to the reader); an ACK for the rest.
     */
    static List<byte[]> answer(List<NlMsg> req, List<NlMsg> dump) {
        NlMsg first = req.get(0);
        List<byte[]> out = new ArrayList<>();
        if (first.type() == MsgType.wire(MsgType.GETGEN)) {
            out.add(FuncTransport.data(first, MsgType.wire(MsgType.NEWGEN), 0, w -> w.rawU32(0).be32(nf_tables_h.NFTA_GEN_ID(), 1)));
            out.add(FuncTransport.ack(first));
        } else if (first.hasFlag(netlink_h.NLM_F_DUMP())) {
            int family = first.payload()[0]; // nfgenmsg.nfgen_family: 0 = every family
            for (NlMsg m : dump) {
                if (family != 0 && (m.payload().length == 0 || m.payload()[0] != family)) continue;
                out.add(FuncTransport.data(first, m.type(), m.flags(), w -> w.rawBytes(m.payload())));
            }
            out.add(FuncTransport.done(first));
        } else {
            for (NlMsg m : req) if (m.hasFlag(netlink_h.NLM_F_ACK())) out.add(FuncTransport.ack(m));
        }
        return out;
    }

    /** The valid seed decodes to a whole cluster IP. */
    @Test
    void recordedSeedReadsBack() throws Exception {
        byte[] seed = Files.readAllBytes(inputs().resolve("clonevip-and-foreign"));
        List<NlMsg> dump = NlMsg.parseAll(seed, seed.length);
        try (NftConn c = new NftConn(new FuncTransport(req -> answer(req, dump)), true)) {
            ClusterState st = new ClusterIpTables(c).state(VIP);
            assertEquals(List.of(), st.problems());
            assertEquals("1,5", st.local().format());
            assertEquals(1, new ClusterIpTables(c).list().size());
        }
    }

    /** The recorded seed's objects plus {@code extra}, answered as a kernel would. */
    private static NftConn conn(NlMsgBuilder extra) throws Exception {
        byte[] seed = Files.readAllBytes(inputs().resolve("clonevip-and-foreign"));
        List<NlMsg> dump = new ArrayList<>(NlMsg.parseAll(seed, seed.length));
        if (extra != null) {
            byte[] more = extra.seal(1, 0);
            dump.addAll(NlMsg.parseAll(more, more.length));
        }
        return new NftConn(new FuncTransport(req -> answer(req, dump)), true);
    }

    /** A chain in another program's table that clonevip cannot decode (hook 99) is skipped, not a failure of the stop. */
    @Test
    void foreignChainThatDoesNotDecodeIsSkipped() throws Exception {
        NlMsgBuilder odd = new NlMsgBuilder();
        odd.message(MsgType.wire(MsgType.NEWCHAIN), 0, w -> w.rawU8(Family.INET.number()).rawU8(0).rawU16(0)
                .string(nf_tables_h.NFTA_CHAIN_TABLE(), "foreignfw").string(nf_tables_h.NFTA_CHAIN_NAME(), "odd")
                .nested(nf_tables_h.NFTA_CHAIN_HOOK(), n -> n.be32(nf_tables_h.NFTA_HOOK_HOOKNUM(), 99).be32(nf_tables_h.NFTA_HOOK_PRIORITY(), 0)));
        try (NftConn c = conn(odd)) {
            ClusterIpTables t = new ClusterIpTables(c);
            assertEquals("1,5", t.state(VIP).local().format());
            assertFalse(t.leave(VIP, 1).removed(), "bucket 1 left, bucket 5 still here");
            KernelException e = assertThrows(KernelException.class, () -> c.readTable(Family.INET, "foreignfw"));
            assertEquals(Errno.EBADMSG, e.errno(), "reading the foreign table itself still reports it");
        }
    }

    /** An element of set local that is not a 4-byte mark is a problem of the state (the table gets replaced), not an exception. */
    @Test
    void elementThatIsNotABucketIsAProblem() throws Exception {
        try (NftConn c = conn(null)) {
            TableContents inet = c.readTable(Family.INET, ClusterRuleset.tableName(VIP));
            TableContents arp = c.readTable(Family.ARP, ClusterRuleset.tableName(VIP));
            // the recorded dump may hold either layout's set of local buckets
            String local = inet.elements().containsKey(ClusterRuleset.SET_LOCAL) ? ClusterRuleset.SET_LOCAL : RulesetLayout.V1.local();
            Map<String, List<SetElement>> elements = new LinkedHashMap<>(inet.elements());
            elements.put(local, List.of(SetElement.mark(5), SetElement.of(Bytes.of(1, 0))));
            ClusterState st = ClusterStateReader.read(
                    new TableContents(inet.table(), inet.chains(), inet.sets(), elements, inet.rules()), arp);
            assertEquals("5", st.local().format());
            assertEquals(List.of("set " + local + " holds 0100, not a bucket 1..12"), st.problems());
            assertFalse(st.whole());
        }
    }

    static Path inputs() {
        return Path.of("src/test/resources/io/clonevip/cluster/NftDumpFuzzTestInputs/readersOnlyThrowKernelException");
    }

    /**
     * Re-records the seeds from the kernel: {@code mvn -pl nft-cluster-match -am test
     * -Dtest=NftDumpFuzzTest#recordSeeds -Dfuzz.recordSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}
     * (root; a namespace of its own). A clonevip table (12 buckets, local 1 and 5, with counters),
     * its arp table and a foreign table, dumped as {@link NftConn#readTable} reads them.
     */
    @Test
    @Tag("seeds") // a recorder, not a test: excluded from the suite (pom: surefire.excludedGroups)
    @EnabledIfSystemProperty(named = "fuzz.recordSeeds", matches = "true")
    void recordSeeds() throws Exception {
        try (TestNetns ns = TestNetns.create("seed")) {
            Path f = Files.createTempFile("foreign", ".nft");
            Files.writeString(f, ClusterIpTablesKernelTest.FOREIGN);
            ns.execOk("nft", "-f", f.toString());
            Files.delete(f);
            ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(12).seed(0xc1057e12L).build();
            NetNs.run(ns.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    new ClusterIpTables(c).apply(spec, BucketSet.of(12, 1, 5));
                }
                Recording rec = new Recording(NetlinkSocket.open(netlink_h.NETLINK_NETFILTER()));
                try (NftConn c = new NftConn(rec, true)) {
                    c.readTable(Family.INET, ClusterRuleset.tableName(VIP));
                    c.readTable(Family.ARP, ClusterRuleset.tableName(VIP));
                    c.readTable(Family.INET, "foreignfw");
                }
                Files.createDirectories(inputs());
                Files.write(inputs().resolve("clonevip-and-foreign"), rec.objects());
            });
        }
    }

    /** A transport that keeps the objects (NEW* messages) of every dump it receives, each once. */
    private static final class Recording implements Transport {
        private final Transport inner;
        private final Set<String> seen = new LinkedHashSet<>();
        private final List<NlMsg> objects = new ArrayList<>();

        Recording(Transport inner) { this.inner = inner; }

        @Override public int portId() { return inner.portId(); }
        @Override public void send(byte[] d) throws KernelException { inner.send(d); }
        @Override public void close() { inner.close(); }

        @Override
        public byte[] receive(boolean wait) throws KernelException {
            byte[] d = inner.receive(wait);
            if (d == null) return null;
            for (NlMsg m : NlMsg.parseAll(d, d.length)) {
                boolean object = m.type() >> 8 == nfnetlink_h.NFNL_SUBSYS_NFTABLES() && m.type() != MsgType.wire(MsgType.NEWGEN);
                if (object && seen.add(m.type() + ":" + HexFormat.of().formatHex(m.payload()))) objects.add(m);
            }
            return d;
        }

        byte[] objects() throws KernelException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (NlMsg m : objects) {
                NlMsgBuilder b = new NlMsgBuilder();
                b.message(m.type(), m.flags(), w -> w.rawBytes(m.payload()));
                out.writeBytes(b.seal(1, 0));
            }
            return out.toByteArray();
        }
    }
}
