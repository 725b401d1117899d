package io.clonevip.rtnl;

import io.clonevip.nativ.NetNs;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.testing.MiniJson;
import io.clonevip.testkit.net.TestNetns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs rtnetlink work in a test namespace and reads iproute2's view for comparison. */
final class RtnlTesting {
    private RtnlTesting() {}

    interface ConnWork<T> {
        T apply(NetlinkConn c) throws Exception;
    }

    static <T> T in(TestNetns ns, ConnWork<T> work) throws Exception {
        return NetNs.call(ns.name(), () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                return work.apply(c);
            }
        });
    }

    static boolean is(TestNetns ns, ConnWork<Boolean> work) throws Exception {
        return in(ns, work);
    }

    /** {@code ip -j addr show dev DEV}: the addr_info entries. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> ipAddrs(TestNetns ns, String dev) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> link : MiniJson.array(ns.ip("-j", "addr", "show", "dev", dev))) {
            out.addAll((List<Map<String, Object>>) link.get("addr_info"));
        }
        return out;
    }

    /** The "local/prefixlen" strings of {@code ip -j addr show dev DEV}, in order. */
    static List<String> ipCidrs(TestNetns ns, String dev) {
        return ipAddrs(ns, dev).stream().map(a -> a.get("local") + "/" + a.get("prefixlen")).toList();
    }
}
