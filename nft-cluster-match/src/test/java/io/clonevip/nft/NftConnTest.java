package io.clonevip.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.RulesetBatches;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.nativ.bind.nfnetlink_h;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.FuncTransport;
import io.clonevip.netlink.NlMsg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NftConn's transaction and read logic against a fake transport (requests in, replies out). */
class NftConnTest {

    /** Acks every message that asked for it. */
    private static List<byte[]> ackAll(List<NlMsg> req) {
        return req.stream().filter(m -> m.hasFlag(netlink_h.NLM_F_ACK())).map(FuncTransport::ack).toList();
    }

    @Test
    void applySendsOneBatchWithAckOnEveryInnerMessage() throws Exception {
        List<List<NlMsg>> seen = new ArrayList<>();
        FuncTransport t = new FuncTransport(req -> { seen.add(req); return ackAll(req); });
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12).build();
        try (NftConn c = new NftConn(t, true)) {
            // the whole production ruleset: 2 tables, 3 chains, 8 sets, 6 element lists, 1 + 8 + 1 rules
            c.apply(RulesetBatches.add(new Batch(), ClusterRuleset.of(spec), BucketSet.parse("1-4", 12)), 0);
            c.apply(new Batch(), 0); // nothing to apply: nothing sent
        }
        assertEquals(1, seen.size(), "one datagram");
        List<NlMsg> msgs = seen.get(0);
        assertEquals(31, msgs.size());
        assertEquals(nfnetlink_h.NFNL_MSG_BATCH_BEGIN(), msgs.get(0).type());
        assertEquals(nfnetlink_h.NFNL_MSG_BATCH_END(), msgs.get(30).type());
        assertEquals(nfnetlink_h.NFNL_SUBSYS_NFTABLES(), new AttrReader(msgs.get(0).payload(), 0, 4).skip(2).be16(), "res_id");
        for (int i = 1; i < 30; i++) {
            assertTrue(msgs.get(i).hasFlag(netlink_h.NLM_F_ACK()), "ACK on message " + i);
            assertEquals(msgs.get(0).seq() + i, msgs.get(i).seq());
        }
        assertEquals(MsgType.wire(MsgType.NEWRULE), msgs.get(29).type(), "the arp rule last");
        assertTrue(msgs.get(29).hasFlag(netlink_h.NLM_F_APPEND() | netlink_h.NLM_F_CREATE()));
    }

    @Test
    void transactPutsTheGenerationItReadIntoBatchBegin() throws Exception {
        List<NlMsg> seen = new ArrayList<>();
        FuncTransport t = new FuncTransport(req -> {
            if (req.get(0).type() == MsgType.wire(MsgType.GETGEN)) {
                return List.of(FuncTransport.data(req.get(0), MsgType.wire(MsgType.NEWGEN), 0, w -> w.rawU32(0).be32(nf_tables_h.NFTA_GEN_ID(), 0x01020304)),
                        FuncTransport.ack(req.get(0)));
            }
            seen.addAll(req);
            return ackAll(req);
        });
        try (NftConn c = new NftConn(t, true)) {
            Applied<String> done = c.transact(() -> new Plan<>(new Batch().addTable(Table.of(Family.INET, "x")), "x"));
            assertEquals(0x01020305, done.generation(), "the generation after the commit");
        }
        assertEquals(nfnetlink_h.NFNL_MSG_BATCH_BEGIN(), seen.get(0).type());
        var attrs = new AttrReader(seen.get(0).payload(), 4, seen.get(0).payload().length).attributes();
        assertEquals(0x01020304, attrs.require(nfnetlink_h.NFNL_BATCH_GENID(), "NFNL_BATCH_GENID").be32());
    }

    @Test
    void kernelErrorIsReportedWithExtendedAck() {
        FuncTransport t = new FuncTransport(req -> List.of(FuncTransport.ack(req.get(1)), FuncTransport.error(req.get(2), 2, "Set not found")));
        KernelException e = assertThrows(KernelException.class, () -> {
            try (NftConn c = new NftConn(t, true)) {
                c.apply(new Batch().addTable(Table.of(Family.INET, "x")).addRule(Rule.of(Family.INET, "x", "c", List.of())), 0);
            }
        });
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("Set not found", e.kernelMessage());
        assertEquals("nft transaction", e.operation());
    }

    @Test
    void genIdIsReadFromNewGen() throws Exception {
        FuncTransport t = new FuncTransport(req -> List.of(
                FuncTransport.data(req.get(0), MsgType.wire(MsgType.NEWGEN), 0, w -> w.rawU32(0).be32(nf_tables_h.NFTA_GEN_ID(), 77)),
                FuncTransport.ack(req.get(0))));
        try (NftConn c = new NftConn(t, true)) {
            assertEquals(77, c.getGenId());
        }
        assertEquals(MsgType.wire(MsgType.GETGEN), NlMsg.parseAll(t.sent().get(0), t.sent().get(0).length).get(0).type());
    }

    @Test
    void withoutDestroyAPresentTableIsDeletedAndAnAbsentOneSkipped() throws Exception {
        List<List<NlMsg>> seen = new ArrayList<>();
        FuncTransport t = new FuncTransport(req -> {
            seen.add(req);
            if (req.get(0).type() == MsgType.wire(MsgType.GETTABLE)) {
                return List.of(FuncTransport.data(req.get(0), MsgType.wire(MsgType.NEWTABLE), netlink_h.NLM_F_MULTI(),
                        w -> w.rawU8(1).rawU8(0).rawU16(0).string(nf_tables_h.NFTA_TABLE_NAME(), "cluster")), FuncTransport.done(req.get(0)));
            }
            return ackAll(req);
        });
        try (NftConn c = new NftConn(t, false)) {
            c.apply(new Batch().destroyTable(Table.of(Family.INET, "cluster")).destroyTable(Table.of(Family.INET, "absent")), 0);
            c.apply(new Batch().destroyTable(Table.of(Family.IP, "cluster")), 0); // another family: nothing to delete, nothing sent
        }
        assertEquals(3, seen.size(), "dump, batch, dump");
        List<NlMsg> batch = seen.get(1);
        assertEquals(3, batch.size());
        assertEquals(MsgType.wire(MsgType.DELTABLE), batch.get(1).type());
    }

    @Test
    void destroyIsSentAsIsWhenTheKernelHasIt() throws Exception {
        List<NlMsg> seen = new ArrayList<>();
        FuncTransport t = new FuncTransport(req -> { seen.addAll(req); return ackAll(req); });
        try (NftConn c = new NftConn(t, true)) {
            c.apply(new Batch().destroyTable(Table.of(Family.INET, "cluster")), 0);
        }
        assertEquals(MsgType.wire(26), seen.get(1).type(), "NFT_MSG_DESTROYTABLE");
    }

    @Test
    void kernelReleaseDecidesDestroySupport() {
        assertTrue(NftConn.kernelHasDestroy("6.18.44-fc-v595"));
        assertTrue(NftConn.kernelHasDestroy("6.3.0"));
        assertTrue(!NftConn.kernelHasDestroy("6.1.0-28-amd64"));
        assertTrue(!NftConn.kernelHasDestroy("5.10.0"));
        assertTrue(!NftConn.kernelHasDestroy("garbage"));
    }
}
