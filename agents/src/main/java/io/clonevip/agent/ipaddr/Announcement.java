package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.KernelException;
import io.clonevip.ocf.OcfLog;
import io.clonevip.packet.ArpMode;
import io.clonevip.packet.GratuitousArp;
import io.clonevip.packet.UnsolicitedNa;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.MacAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The announcement of a VIP after start: gratuitous ARP (request and reply each round, as
 * heartbeat's send_arp; sender hardware address = the cluster MAC in clone mode, the NIC's
 * otherwise) or, for IPv6, unsolicited neighbour advertisements. With arp_bg the first round
 * goes out before start returns and a background {@link ArpAnnouncer} process sends the rest;
 * its pid is kept in {@code $HA_RSCTMP/IPaddr3-arp-<ip>} so that stop can end it.
 */
final class Announcement {
    private final Path rscTmp;
    private final OcfLog log;

    Announcement(Path rscTmp, OcfLog log) {
        this.rscTmp = rscTmp;
        this.log = log;
    }

    /** Announces {@code ip} on {@code nic}; failures are logged (the VIP is up regardless). */
    void announce(VipSettings s, Link nic, MacAddress sender) {
        if (nic.loopback() || nic.noArp() || nic.mac() == null || nic.mac().length() != 6) {
            log.debug("no announcement on " + nic.name());
            return;
        }
        int rounds = s.arpCount();
        boolean background = s.arpBackground() && rounds > 1;
        try {
            send(nic, s.ip(), sender, background ? 1 : rounds, s.arpInterval());
            if (background) {
                spawn(nic, s.ip(), sender, rounds - 1, s.arpInterval());
            }
        } catch (KernelException | IOException | RuntimeException e) {
            log.warn("could not announce " + s.ip().getHostAddress() + " on " + nic.name() + ": " + e.getMessage());
        }
    }

    static void send(Link nic, InetAddress ip, MacAddress sender, int rounds, Duration interval) throws KernelException {
        switch (ip) {
            case Inet4Address v4 -> GratuitousArp.of(nic, v4).withSenderMac(sender).withMode(ArpMode.BOTH)
                    .send(rounds, interval);
            case Inet6Address v6 -> UnsolicitedNa.of(nic, v6).send(rounds, interval);
            default -> throw new IllegalArgumentException("not an IP address: " + ip);
        }
    }

    private void spawn(Link nic, InetAddress ip, MacAddress sender, int rounds, Duration interval) throws IOException {
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            log.warn("cannot find the java executable: " + rounds + " announcement rounds not sent");
            return;
        }
        stop(ip);
        List<String> cmd = new ArrayList<>(List.of(java.get(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xlog:disable", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ArpAnnouncer.class.getName(),
                nic.name(), ip.getHostAddress(), sender.toString(), Integer.toString(rounds),
                Long.toString(interval.toMillis())));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Files.createDirectories(rscTmp);
        Files.writeString(pidFile(ip), Long.toString(p.pid()) + "\n", StandardCharsets.US_ASCII);
        log.info("sending " + rounds + " more announcement rounds of " + ip.getHostAddress() + " in the background (pid "
                + p.pid() + ")");
    }

    /** Ends a background announcement of {@code ip} still running (stop). */
    void stop(InetAddress ip) {
        Path f = pidFile(ip);
        try {
            if (!Files.exists(f)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).strip());
            ProcessHandle.of(pid).filter(h -> h.info().commandLine().map(c -> c.contains(ArpAnnouncer.class.getName()))
                    .orElse(false)).ifPresent(h -> {
                        h.destroy();
                        log.info("ended the background announcement (pid " + pid + ")");
                    });
            Files.deleteIfExists(f);
        } catch (IOException | NumberFormatException e) {
            log.debug("background announcement pid file " + f + ": " + e.getMessage());
        }
    }

    private Path pidFile(InetAddress ip) {
        return rscTmp.resolve("IPaddr3-arp-" + ip.getHostAddress().replace(':', '_'));
    }
}
