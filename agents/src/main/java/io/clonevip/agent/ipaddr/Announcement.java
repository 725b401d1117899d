package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.KernelException;
import io.clonevip.ocf.OcfLog;
import io.clonevip.ocf.Resident;
import io.clonevip.packet.ArpMode;
import io.clonevip.packet.GratuitousArp;
import io.clonevip.packet.PacketSocket;
import io.clonevip.packet.UnsolicitedNa;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The announcement of a VIP after start: gratuitous ARP (request and reply each round, as
 * heartbeat's send_arp; sender hardware address = the cluster MAC in clone mode, the NIC's
 * otherwise) or, for IPv6, unsolicited neighbour advertisements (target link-layer address = the
 * cluster MAC in clone mode, the NIC's otherwise; docs/developer/ipv6-nd.md), {@code arp_count}
 * rounds {@code arp_interval} apart.
 *
 * <p>Where the rounds after the first go: in a resident process (clonevip-agentd,
 * {@link Resident}) with arp_bg, start sends round 1 and returns; the daemon's scheduler sends
 * the others at round 1 + k × interval (fixed rate: no drift, no process started) through a
 * packet socket start opened (so in start's network namespace), and stop ends those still due.
 * In a JVM started for the action, which exits when the action is done, start sends every
 * round itself before it returns (arp_count − 1 intervals longer: 0.8 s with the defaults), so
 * nothing is left running that stop would have to end.
 */
final class Announcement {
    /** Rounds still due in this resident process, by network namespace and VIP. */
    private static final Map<String, Rounds> PENDING = new ConcurrentHashMap<>();

    private final OcfLog log;

    Announcement(OcfLog log) {
        this.log = log;
    }

    /** Announces {@code ip} on {@code nic}; failures are logged (the VIP is up regardless). */
    void announce(VipSettings s, Link nic, MacAddress sender) {
        if (nic.loopback() || nic.noArp() || nic.mac() == null || nic.mac().length() != 6) {
            log.debug("no announcement on " + nic.name());
            return;
        }
        int rounds = s.arpCount();
        Optional<ScheduledExecutorService> later = s.arpBackground() && rounds > 1 ? Resident.scheduler() : Optional.empty();
        stop(s.ip()); // rounds of an earlier start of the same VIP
        try {
            if (later.isEmpty()) {
                send(nic, s.ip(), sender, rounds, s.arpInterval());
                return;
            }
            PacketSocket socket = PacketSocket.open(nic.index(), 0);
            Rounds r = new Rounds(key(s.ip()), socket, frames(nic, s.ip(), sender), rounds - 1);
            long first = System.nanoTime();
            r.sendOne();
            long period = s.arpInterval().toNanos();
            PENDING.put(r.key, r);
            r.start(later.get().scheduleAtFixedRate(r, first + period - System.nanoTime(), period, TimeUnit.NANOSECONDS));
            log.debug(rounds - 1 + " more announcement rounds of " + IpLiteral.format(s.ip()) + " every "
                    + s.arpInterval().toMillis() + " ms in the background");
        } catch (KernelException | RuntimeException e) {
            log.warn("could not announce " + IpLiteral.format(s.ip()) + " on " + nic.name() + ": " + e.getMessage());
        }
    }

    static void send(Link nic, InetAddress ip, MacAddress sender, int rounds, Duration interval) throws KernelException {
        switch (ip) {
            case Inet4Address v4 -> GratuitousArp.of(nic, v4).withSenderMac(sender).withMode(ArpMode.BOTH)
                    .send(rounds, interval);
            case Inet6Address v6 -> UnsolicitedNa.of(nic, v6).withTargetMac(sender).send(rounds, interval);
            default -> throw new IllegalArgumentException("not an IP address: " + ip);
        }
    }

    private static List<byte[]> frames(Link nic, InetAddress ip, MacAddress sender) throws KernelException {
        return switch (ip) {
            case Inet4Address v4 -> GratuitousArp.of(nic, v4).withSenderMac(sender).withMode(ArpMode.BOTH).frames();
            case Inet6Address v6 -> List.of(UnsolicitedNa.of(nic, v6).withTargetMac(sender).frame());
            default -> throw new IllegalArgumentException("not an IP address: " + ip);
        };
    }

    /** Ends the rounds of {@code ip} still due here (stop); once it returns, none is sent any more. */
    void stop(InetAddress ip) {
        Rounds r = PENDING.remove(key(ip));
        if (r != null && r.end()) {
            log.info("ended the remaining announcement rounds of " + IpLiteral.format(ip));
        }
    }

    /** The calling thread's network namespace (its inode) and the VIP. */
    private static String key(InetAddress ip) {
        String ns;
        try {
            ns = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            ns = "?";
        }
        return ns + "/" + IpLiteral.format(ip);
    }

    /** The rounds after the first, one per run on the resident scheduler; owns the socket. */
    private static final class Rounds implements Runnable {
        private final String key;
        private final PacketSocket socket;
        private final List<byte[]> frames;
        private int left;
        private ScheduledFuture<?> future;
        private boolean ended;

        Rounds(String key, PacketSocket socket, List<byte[]> frames, int left) {
            this.key = key;
            this.socket = socket;
            this.frames = frames;
            this.left = left;
        }

        synchronized void sendOne() throws KernelException {
            try {
                for (byte[] f : frames) {
                    socket.send(f);
                }
            } catch (KernelException | RuntimeException e) {
                end();
                throw e;
            }
        }

        synchronized void start(ScheduledFuture<?> f) {
            future = f;
            if (ended) {
                f.cancel(false);
            }
        }

        /** Cancels what is still due (after a round being sent). True when rounds were left. */
        synchronized boolean end() {
            boolean had = !ended && left > 0;
            if (!ended) {
                ended = true;
                socket.close();
            }
            if (future != null) {
                future.cancel(false);
            }
            PENDING.remove(key, this);
            return had;
        }

        @Override
        public synchronized void run() {
            if (ended) {
                return;
            }
            try {
                sendOne();
            } catch (KernelException | RuntimeException e) {
                return; // the interface went away: sendOne ended the rest
            }
            if (--left <= 0) {
                end();
            }
        }
    }
}
