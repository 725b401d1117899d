package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterMac;
import io.clonevip.cluster.HashMode;
import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpLegacyBackend;
import io.clonevip.clusterip.ClusterIpParams;
import io.clonevip.clusterip.ClusterIpState;
import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.Rtnetlink;
import io.clonevip.pacemaker.CommandResult;
import io.clonevip.pacemaker.CommandRunner;
import java.io.IOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One clone instance on the old iptables CLUSTERIP target ({@code backend=clusterip}), for
 * kernels up to 6.2 where users still run it: the rule is programmed through the iptables-legacy
 * ABI ({@link ClusterIpLegacyBackend}, no iptables process), the bucket is CLUSTERIP's local
 * node {@code CRM_meta_clone + 1}, the VIP goes on the NIC. The first instance creates the rule,
 * the last one removes it (under the xtables lock, as iptables itself serialises).
 * Monitor: this node served by CLUSTERIP and the address present → running; node not served →
 * not running, whatever else the node serves; served but the address missing → ERR_GENERIC.
 * Without the legacy iptables module ({@code ip_tables}, not loaded on a node where nothing used
 * iptables-legacy yet) there is no CLUSTERIP rule: probe and monitor say not running, stop has
 * nothing to do, start loads it first ({@code modprobe ip_tables}, as iptables itself does).
 */
final class ClusteripVip implements VipMode {
    private final VipSettings s;
    private final OcfEnv env;
    private final CloneCountPublisher publisher;
    private static final int ENOPROTOOPT = 92;
    private final ClusterIpLegacyBackend backend = new ClusterIpLegacyBackend(null);

    ClusteripVip(VipSettings s, OcfEnv env, CloneCountPublisher publisher) {
        this.s = s;
        this.env = env;
        this.publisher = publisher;
    }

    private Inet4Address vip() {
        if (!(s.ip() instanceof Inet4Address v4)) {
            throw OcfException.configured("parameter 'backend': clusterip needs an IPv4 'ip' (CLUSTERIP is IPv4 only)");
        }
        return v4;
    }

    /** The CLUSTERIP parameters; a value CLUSTERIP cannot take names the OCF parameter. */
    ClusterIpParams params(String nic) {
        HashMode mode = s.hashMode().clusteripCompatible() ? s.hashMode().clusteripMode() : s.hashMode();
        ClusterMac mac = s.mac() != null ? s.mac() : ClusterMac.forVip(vip());
        try {
            return ClusterIpParams.of(vip().getHostAddress(), nic, mac.toString(), s.bucket().total(), s.bucket().bucket(),
                    mode.keyword(), Long.toString(s.seed() == null ? 0 : s.seed()));
        } catch (IllegalArgumentException e) {
            String name = e.getMessage().startsWith("total nodes") ? "clone_max" : e.getMessage().startsWith("hash init")
                    ? "hash_seed" : e.getMessage().contains("MAC") ? "mac" : "backend";
            throw OcfException.configured("parameter '" + name + "' (backend=clusterip): " + e.getMessage());
        }
    }

    private IfAddr address(Link nic, int prefix) {
        IfAddr a = IfAddr.of(vip(), prefix, nic.index());
        if (s.label() != null) a = a.withLabel(s.label());
        return s.broadcast() != null ? a.withBroadcast(s.broadcast()) : prefix < 31 ? a.withDefaultBroadcast() : a;
    }

    @Override
    public void start() throws KernelException {
        try (NetlinkConn conn = Rtnetlink.open()) {
            VipPlacement p = VipPlacement.resolve(s, conn);
            Link nic = p.requireNic(s);
            ClusterIpParams params = params(nic.name());
            if (!legacyIptablesLoaded()) loadLegacyIptables();
            try {
                backend.start(params);
            } catch (ClusterIpException e) {
                if (e.reason() == ClusterIpException.Reason.UNSUPPORTED) {
                    throw OcfException.installed("parameter 'backend': this kernel has no iptables CLUSTERIP (removed in Linux 6.3): use backend=nft");
                }
                throw OcfException.configured("parameter 'backend': " + e.getMessage());
            }
            new AddressOps(conn).add(address(nic, p.requirePrefix(s)));
            new Announcement(env.log()).announce(s, nic, MacAddress.parse(params.clusterMac()));
            env.log().info("CLUSTERIP node " + params.localNode() + "/" + params.totalNodes() + " of " + params.vip().getHostAddress());
            publish();
        }
    }

    @Override
    public void stop() throws KernelException {
        if (legacyIptablesLoaded()) backend.stop(vip(), s.bucket().bucket());
        // stop says whether it changed anything, not whether the bucket was the node's last: the
        // address goes only once the rule is gone (another instance may still serve a bucket here)
        boolean last = state().rule().isEmpty();
        if (last) {
            try (NetlinkConn conn = Rtnetlink.open()) {
                VipPlacement p = VipPlacement.resolve(s, conn);
                AddressOps ops = new AddressOps(conn);
                for (IfAddr a : p.present()) ops.delete(a);
            }
            new Announcement(env.log()).stop(s.ip());
        }
        publish();
    }

    @Override
    public OcfExitCode monitor() throws KernelException {
        ClusterIpState st = state();
        publishCount(st, true);
        if (st.rule().isEmpty() || !st.serves(s.bucket().bucket())) {
            return OcfExitCode.NOT_RUNNING;
        }
        try (NetlinkConn conn = Rtnetlink.open()) {
            if (VipPlacement.resolve(s, conn).present().isEmpty()) {
                throw OcfException.generic("node " + s.bucket().bucket() + " partial: CLUSTERIP serves it but "
                        + s.ip().getHostAddress() + " is not on the NIC");
            }
        }
        return OcfExitCode.SUCCESS;
    }

    private void publish() throws KernelException {
        publishCount(state(), false);
    }

    /** The VIP's CLUSTERIP state; none while the legacy iptables module is not loaded. */
    private ClusterIpState state() throws KernelException {
        try {
            return backend.state(vip());
        } catch (KernelException e) {
            if (e.rawErrno() == ENOPROTOOPT) return new ClusterIpState(vip(), List.of(), Optional.empty());
            throw e;
        }
    }

    private boolean legacyIptablesLoaded() throws KernelException {
        try {
            backend.state(vip());
            return true;
        } catch (KernelException e) {
            if (e.rawErrno() == ENOPROTOOPT) return false;
            throw e;
        }
    }

    /** {@code modprobe ip_tables}, what iptables-legacy runs before its first rule; the kernel loads the rest on demand. */
    private void loadLegacyIptables() {
        CommandResult r;
        try {
            r = CommandRunner.local().run(List.of("modprobe", "ip_tables"), Duration.ofSeconds(10));
        } catch (IOException e) {
            throw OcfException.installed("parameter 'backend': clusterip needs the legacy iptables module: modprobe ip_tables: "
                    + e.getMessage());
        }
        if (!r.ok()) {
            throw OcfException.installed("parameter 'backend': clusterip needs the legacy iptables module: modprobe ip_tables"
                    + " exited " + r.exitCode() + ": " + r.firstErrorLine());
        }
        env.log().info("loaded the legacy iptables module (modprobe ip_tables), as iptables does");
    }

    private void publishCount(ClusterIpState st, boolean onlyIfChanged) {
        if (s.attribute() == null) return;
        int count = st.localNodes().map(java.util.SortedSet::size).orElse(0);
        publisher.publish(s.attribute(), count, onlyIfChanged, env.log());
    }

    @Override
    public void check(String nic) {
        params(nic);
    }
}
