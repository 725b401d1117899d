package io.clonevip.rtnl;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.netlink.NetlinkConn;

/**
 * Child-process entry point for {@link PrivilegeTest}: in namespace {@code args[0]}, adds
 * address {@code args[2]} to {@code args[1]} and joins a multicast MAC there, printing one line
 * per operation: {@code OK name} or {@code FAIL name ERRNO message}.
 */
public final class UnprivilegedOps {
    private UnprivilegedOps() {}

    public static void main(String[] args) throws Exception {
        String ns = args[0];
        String dev = args[1];
        String cidr = args[2];
        boolean allOk = true;
        allOk &= report("add", () -> NetNs.run(ns, () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                new AddressOps(c).add(IfAddr.parse(cidr, new Links(c).byName(dev).index()));
            }
        }));
        allOk &= report("maddr", () -> NetNs.run(ns, () -> MulticastMembership.join(dev, MacAddress.parse("01:00:5e:44:00:01"))));
        System.exit(allOk ? 0 : 3);
    }

    private static boolean report(String name, NetNs.ThrowingRunnable op) {
        try {
            op.run();
            System.out.println("OK " + name);
            return true;
        } catch (KernelException e) {
            System.out.println("FAIL " + name + " " + e.errno() + " " + e.getMessage());
            return false;
        } catch (Exception e) {
            System.out.println("FAIL " + name + " OTHER " + e);
            return false;
        }
    }
}
