package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.ocf.AgentMetaData;
import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfAgent;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.Rtnetlink;
import java.net.InetAddress;
import java.util.function.Function;

/**
 * OCF agent {@code ocf:clonevip:IPaddr3}: a virtual IP, single (IPaddr2's behaviour) or
 * load-shared over a clone with nftables (IPaddr2's cluster mode, CLUSTERIP replaced), with
 * Percona IPaddr3's clone count attribute. Parameters: {@link IPaddr3Model}; how the VIP is
 * held, chosen once per action: {@link VipMode}. See docs/user/ipaddr3.md.
 */
public final class IPaddr3 implements OcfAgent {
    private final Function<OcfEnv, CloneCountPublisher> publishers;
    private final NodeOpener nodes;
    private final Function<OcfEnv, DrainNotices> drains;

    public IPaddr3() {
        this(env -> new NodeAttributePublisher(env.variables()), NodeOpener.KERNEL,
                env -> new NodeAttributeDrainNotices(env.variables()));
    }

    /** With another way of publishing the clone count, no drain notices (tests). */
    IPaddr3(Function<OcfEnv, CloneCountPublisher> publishers) {
        this(publishers, NodeOpener.KERNEL);
    }

    /** With another way of publishing the clone count and of opening the kernel sockets (tests that count requests). */
    IPaddr3(Function<OcfEnv, CloneCountPublisher> publishers, NodeOpener nodes) {
        this(publishers, nodes, env -> DrainNotices.NONE);
    }

    /** With other ways of publishing the clone count, of opening the kernel sockets and of telling drains (tests). */
    IPaddr3(Function<OcfEnv, CloneCountPublisher> publishers, NodeOpener nodes, Function<OcfEnv, DrainNotices> drains) {
        this.publishers = publishers;
        this.nodes = nodes;
        this.drains = drains;
    }

    @Override
    public AgentMetaData metaData() {
        return IPaddr3Model.META;
    }

    /** Every parameter; for start and validate-all also that the NIC exists and the prefix is known. */
    @Override
    public void validateAll(OcfEnv env) {
        VipSettings s = VipSettings.from(env);
        if (env.action() != OcfAction.START && env.action() != OcfAction.VALIDATE_ALL) {
            return;
        }
        kernel(s, env, () -> {
            try (NetlinkConn conn = Rtnetlink.open()) {
                VipPlacement p = VipPlacement.resolve(s, conn);
                p.requireNic(s);
                p.requirePrefix(s);
                VipMode.of(s, env, CloneCountPublisher.NONE, nodes, DrainNotices.NONE).check(p.nic().name());
            }
            return null;
        });
    }

    @Override
    public void start(OcfEnv env) {
        VipSettings s = VipSettings.from(env);
        VipMode mode = mode(s, env);
        kernel(s, env, () -> {
            mode.start();
            return null;
        });
    }

    @Override
    public void stop(OcfEnv env) {
        VipSettings s = VipSettings.from(env);
        VipMode mode = mode(s, env);
        kernel(s, env, () -> {
            mode.stop();
            return null;
        });
    }

    /** See {@link UnconfiguredStop}: only a load-shared bucket the kernel holds for exactly this instance goes. */
    @Override
    public void stopUnconfigured(OcfEnv env, OcfException why) {
        UnconfiguredStop.instance(env).ifPresentOrElse(
                x -> env.log().info("stop: " + kernel(null, x.ip(), env, () -> x.leave(publishers.apply(env), env))),
                () -> env.log().info("stop: these parameters name no load-shared bucket exactly: nothing removed"));
    }

    @Override
    public OcfExitCode monitor(OcfEnv env) {
        VipSettings s = VipSettings.from(env);
        VipMode mode = mode(s, env);
        return kernel(s, env, mode::monitor);
    }

    private VipMode mode(VipSettings s, OcfEnv env) {
        return s.cloneMode() ? VipMode.of(s, env, publishers.apply(env), nodes, drains.apply(env))
                : VipMode.of(s, env, CloneCountPublisher.NONE, nodes, DrainNotices.NONE);
    }

    private interface KernelWork<T> {
        T run() throws KernelException;
    }

    /**
     * Runs {@code work} in the network namespace of parameter network_namespace (or here), kernel
     * failures as OCF failures: EPERM → ERR_PERM, anything else → ERR_GENERIC. A namespace that
     * does not exist: start and validate-all ERR_CONFIGURED, stop success (nothing of ours can be
     * in it), monitor not running.
     */
    private static <T> T kernel(VipSettings s, OcfEnv env, KernelWork<T> work) {
        return kernel(s.compat().netns(), s.ip(), env, work);
    }

    @SuppressWarnings("unchecked")
    private static <T> T kernel(String ns, InetAddress ip, OcfEnv env, KernelWork<T> work) {
        try {
            return NetNs.call(ns, work::run);
        } catch (OcfException e) {
            throw e;
        } catch (KernelException e) {
            if (ns != null && e.operation().equals("network namespace") && e.is(Errno.ENOENT)) {
                switch (env.action()) {
                    case STOP -> {
                        env.log().info("stop: no network namespace '" + ns + "', so " + IpLiteral.format(ip) + " is not in it");
                        return null;
                    }
                    case MONITOR, STATUS -> {
                        return (T) OcfExitCode.NOT_RUNNING;
                    }
                    default -> throw OcfException.configured("parameter 'network_namespace': no network namespace named '"
                            + ns + "' (/run/netns/" + ns + ")");
                }
            }
            if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
                throw OcfException.perm(e.getMessage() + " (run as root)");
            }
            throw new OcfException(OcfExitCode.ERR_GENERIC, e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw OcfException.generic(e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new OcfException(OcfExitCode.ERR_GENERIC, e.getMessage(), e);
        }
    }
}
