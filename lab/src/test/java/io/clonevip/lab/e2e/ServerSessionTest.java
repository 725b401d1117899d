package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The processlist as the lab's SQL prints it, and source ports per bucket (no lab). */
class ServerSessionTest {

    @Test
    void sessionsFromTheClientOnly() {
        String out = "12\t198.51.100.250:20007\tSleep\t3\n13\t198.51.100.11:41000\tSleep\t1\n"
                + "14\t198.51.100.250:40011\tQuery\t0\n15\tlocalhost\tSleep\t9\n";
        assertEquals(List.of(new ServerSession("node2", 12, 20007, "Sleep", 3), new ServerSession("node2", 14, 40011, "Query", 0)),
                ServerSession.parse("node2", out, "198.51.100.250"));
        assertEquals(List.of(), ServerSession.parse("node1", "", "198.51.100.250"));
    }

    @Test
    void portsLandInTheirBucket() throws Exception {
        InetAddress client = InetAddress.getByName(E2eLab.CLIENT_ADDRESS);
        for (int buckets : new int[] {3, 12}) {
            BucketFunction f = BucketFunction.ipaddr3(SeedConfig.VIP, buckets);
            BucketPorts ports = new BucketPorts(client, f, 20000, 39999);
            int last = 0;
            for (int i = 0; i < 100; i++) {
                int b = i % buckets + 1;
                int p = ports.next(b);
                assertEquals(b, f.bucket(client, p));
                assertEquals(true, p != last, "a new port each time");
                last = p;
            }
        }
        BucketPorts one = new BucketPorts(client, (a, p) -> 1, 20000, 20001);
        assertEquals(List.of(20000, 20001, 20000), List.of(one.next(1), one.next(1), one.next(1)), "wraps around");
        assertThrows(IllegalStateException.class, () -> one.next(2));
    }
}
