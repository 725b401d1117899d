package io.clonevip.clusterip;

import io.clonevip.nativ.KernelException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * A CLUSTERIP rule: {@code -d VIP/32 -i IFACE -j CLUSTERIP ...}, the shape IPaddr2 writes and
 * the kernel requires (a /32 destination; an input interface for {@code --new}), as read from
 * the kernel or from an iptables-save output.
 *
 * @param iface the {@code -i} interface, empty when the rule has none
 */
public record ClusterIpRule(Inet4Address vip, String iface, ClusterIpTarget target) {

    public ClusterIpRule {
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(target, "target");
    }

    /** The kernel entry for this rule. */
    IptEntry toEntry() throws KernelException {
        return IptEntry.build(rawAddress(vip), -1, iface, ClusterIpTarget.NAME, 0, target.encode());
    }

    /** The rule an entry holds, if it is a CLUSTERIP rule with a /32 destination. */
    static Optional<ClusterIpRule> of(IptEntry e) {
        if (!e.targetName().equals(ClusterIpTarget.NAME) || e.dstMaskRaw() != -1) return Optional.empty();
        return Optional.of(new ClusterIpRule(address(e.dstRaw()), e.inIface(), ClusterIpTarget.decode(e.targetData())));
    }

    /** The rule as {@code iptables -S CHAIN} prints it. */
    public String iptablesSpec(String chain) {
        String opts = target.iptablesOptions();
        return "-A " + chain + " -d " + vip.getHostAddress() + "/32" + (iface.isEmpty() ? "" : " -i " + iface)
                + " -j CLUSTERIP" + (opts.isEmpty() ? "" : " " + opts);
    }

    /**
     * What must agree between two rules that create the same VIP's config (all but the local
     * nodes and the place): a description of the first difference, or null when they agree.
     */
    public String disagreement(ClusterIpRule other) {
        ClusterIpTarget a = target;
        ClusterIpTarget b = other.target;
        if (a.totalNodes() != b.totalNodes()) return "--total-nodes " + a.totalNodes() + " vs " + b.totalNodes();
        if (!a.clusterMac().equals(b.clusterMac())) return "--clustermac " + a.clusterMac() + " vs " + b.clusterMac();
        if (a.hashMode() != b.hashMode()) return "--hashmode " + a.hashModeName() + " vs " + b.hashModeName();
        if (a.hashInit() != b.hashInit()) return "--hash-init " + a.hashInit() + " vs " + b.hashInit();
        if (!iface.equals(other.iface)) return "-i " + ifaceName() + " vs " + other.ifaceName();
        return null;
    }

    /** The {@code -i} interface, or "(none)". */
    String ifaceName() { return iface.isEmpty() ? "(none)" : iface; }

    static int rawAddress(Inet4Address a) {
        return ByteBuffer.wrap(a.getAddress()).order(ByteOrder.nativeOrder()).getInt();
    }

    static Inet4Address address(int raw) {
        byte[] b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(raw).array();
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
