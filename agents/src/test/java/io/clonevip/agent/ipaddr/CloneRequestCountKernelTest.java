package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.cluster.BucketChange;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NetlinkSocket;
import io.clonevip.nft.Family;
import io.clonevip.nft.NftConn;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How many netlink requests each clone action of IPaddr3 sends, counted on the real sockets of
 * a fresh namespace ({@link CountingTransport}): every action opens one nf_tables and one
 * rtnetlink socket, reads the VIP's tables once (as many dumps as one
 * {@code ClusterIpTables.state} read of the same ruleset) and, when it changes something, sends
 * one transaction. Generation reads (NFT_MSG_GETGEN, no table contents) are counted apart.
 */
class CloneRequestCountKernelTest {
    static final InetAddress VIP = InetAddress.ofLiteral(VipNetns.VIP);

    /** Opens nodes over counting transports and keeps them, one entry per opened node. */
    static final class CountingNodes implements NodeOpener {
        final List<CountingTransport> nft = new ArrayList<>();
        final List<CountingTransport> rtnl = new ArrayList<>();

        @Override
        public ClusterIpNode open() throws KernelException {
            CountingTransport n = new CountingTransport(NetlinkSocket.open(netlink_h.NETLINK_NETFILTER()));
            CountingTransport r = new CountingTransport(NetlinkSocket.open(netlink_h.NETLINK_ROUTE()));
            nft.add(n);
            rtnl.add(r);
            return ClusterIpNode.over(NftConn.over(n), new NetlinkConn(r, 0));
        }
    }

    /** What one action sent over its nf_tables and its rtnetlink socket. */
    record Sent(CountingTransport.Counts nft, CountingTransport.Counts rtnl) {}

    private static Sent action(VipNetns lab, IPaddr3 agent, CountingNodes nodes, Map<String, String> env, String action)
            throws Exception {
        int opened = nodes.nft.size();
        AgentRun r = AgentRun.in(lab.name(), agent, env, action);
        assertEquals(0, r.rc(), action + ": " + r);
        assertEquals(opened + 1, nodes.nft.size(), action + " opens one node: one nf_tables and one rtnetlink socket");
        Sent s = new Sent(nodes.nft.getLast().counts(), nodes.rtnl.getLast().counts());
        System.out.println(action + " " + env.get("OCF_RESKEY_CRM_meta_clone") + ": nf_tables " + s.nft() + "; rtnetlink " + s.rtnl());
        return s;
    }

    /** The requests of one read of the VIP's two tables (inet and arp) as they are now. */
    private static CountingTransport.Counts oneRead(VipNetns lab) throws Exception {
        CountingNodes nodes = new CountingNodes();
        String name = ClusterRuleset.tableName(VIP);
        NetNs.run(lab.name(), () -> {
            try (ClusterIpNode node = nodes.open()) {
                node.nft().consistent(() -> new Object[] {node.nft().readTable(Family.INET, name), node.nft().readTable(Family.ARP, name)});
            }
        });
        return nodes.nft.getFirst().counts();
    }

    private interface TablesWork {
        BucketChange run(ClusterIpNode node) throws Exception;
    }

    private static CountingTransport.Counts bucketChange(VipNetns lab, TablesWork work) throws Exception {
        CountingNodes nodes = new CountingNodes();
        NetNs.run(lab.name(), () -> {
            try (ClusterIpNode node = nodes.open()) {
                work.run(node);
            }
        });
        CountingTransport.Counts c = nodes.nft.getFirst().counts();
        System.out.println("bucket change: nf_tables " + c);
        return c;
    }

    private static void readOnceTransact(CountingTransport.Counts read, Sent s, int transactions, String what) {
        assertEquals(read.dumps(), s.nft().dumps(), what + ": the dumps of one read of the tables");
        assertEquals(2, s.nft().tableDumps(), what + ": the inet and the arp table, each looked up once");
        assertEquals(transactions, s.nft().transactions(), what + ": transactions");
    }

    @Test
    void eachCloneActionReadsOnceAndTransactsOnceButTheLastStop() throws Exception {
        RecordingPublisher published = new RecordingPublisher();
        CountingNodes nodes = new CountingNodes();
        IPaddr3 agent = new IPaddr3(env -> published, nodes);
        try (VipNetns lab = VipNetns.create("ip3count")) {
            Map<String, String> first = VipNetns.clone("p_vip", lab.rscTmp().toString(), 0, 4);
            Map<String, String> second = VipNetns.clone("p_vip", lab.rscTmp().toString(), 1, 4);

            CountingTransport.Counts read = oneRead(lab);
            Sent s = action(lab, agent, nodes, first, "start");
            readOnceTransact(read, s, 1, "start on an empty node");
            assertEquals(2, s.nft().genIds(), "start: the transaction's generation, and the count lock's check");

            read = oneRead(lab);
            readOnceTransact(read, action(lab, agent, nodes, VipNetns.probe(first), "monitor"), 0, "monitor");
            readOnceTransact(read, action(lab, agent, nodes, second, "start"), 1, "start of a second bucket");

            CountingTransport.Counts c = bucketChange(lab, node -> node.tables().addBuckets(VIP, 3));
            // a bucket gained may be one this node drains, and the desired state records drains and guards:
            // the drain and guard sets' elements are read too
            assertEquals(4, c.dumps(), "bucket change: the rules (for the spec), the local, drain and guard sets' elements");
            assertEquals(0, c.tableDumps(), "bucket change: no whole-table read");
            assertEquals(1, c.transactions(), "bucket change: one transaction");
            bucketChange(lab, node -> node.tables().removeBuckets(VIP, 3));

            read = oneRead(lab);
            readOnceTransact(read, action(lab, agent, nodes, second, "stop"), 1, "stop of one of two buckets");
            read = oneRead(lab);
            s = action(lab, agent, nodes, first, "stop");
            // the last stop: one transaction leaves the tables idle, the address goes, a second one (checked against the
            // first's generation, no read) deletes them: the node never has the address without its rules
            readOnceTransact(read, s, 2, "stop of the last bucket");
            assertEquals(2, s.nft().genIds(), "last stop: the transaction's generation and the count lock's check");
            assertEquals(0, published.values.get("p_vip_clone_count"));
        }
    }
}
