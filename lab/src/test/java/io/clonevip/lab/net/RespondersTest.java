package io.clonevip.lab.net;

import io.clonevip.testkit.Cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lab's responders themselves. A UDP reply a node cannot send fails that exchange only: a
 * bucket's stop takes the VIP off the node, and a request received just before gets EINVAL on
 * its reply. The responder once ended there, and every later UDP flow of that node's buckets
 * went unanswered (PacemakerHandoverTest: 29 of 175 new flows, all UDP of one bucket).
 */
class RespondersTest {

    @Test
    void aUdpReplyThatCannotBeSentFailsThatExchangeOnly() throws Exception {
        try (NetLab lab = NetLab.start(1); Responders r = new Responders()) {
            String ns = lab.node(1);
            InetAddress server = InetAddress.getByName(lab.address(ns));
            r.start(ns, "n1", server, 3306);
            // the replies to client port 21000 are dropped on output: their send fails (EPERM)
            Cmd.ok("ip", "netns", "exec", ns, "nft", "add", "table", "inet", "cvresp");
            Cmd.ok("ip", "netns", "exec", ns, "nft", "add chain inet cvresp out { type filter hook output priority filter; }");
            Cmd.ok("ip", "netns", "exec", ns, "nft", "add rule inet cvresp out udp dport 21000 drop");
            TrafficClient c = new TrafficClient(lab.client(), lab.clientAddress(), server, 3306, 500);

            List<Flow> flows = c.udp(List.of(21000, 21001, 21002));

            assertEquals(List.of(new Flow(Flow.Proto.UDP, 21000, Flow.Outcome.TIMEOUT, null),
                    new Flow(Flow.Proto.UDP, 21001, Flow.Outcome.ANSWERED, "n1"),
                    new Flow(Flow.Proto.UDP, 21002, Flow.Outcome.ANSWERED, "n1")), flows);
            assertEquals(List.of("n1"), r.servedBy(Flow.Proto.UDP, lab.clientAddress(), 21000));
            assertEquals(List.of("UDP n1 -> " + lab.clientAddress().getHostAddress() + ":21000: Operation not permitted"), r.unsent());
        }
    }
}
