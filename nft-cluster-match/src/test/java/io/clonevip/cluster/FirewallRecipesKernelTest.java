package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.net.VethLab;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipes of docs/user/firewall.md against the real kernel: a node (VIP, clonevip's tables, the
 * ruleset guard as clonevip-agentd runs it) and a client on a veth pair. Debian's
 * {@code systemctl reload nftables} ({@code nft -f /etc/nftables.conf}, which starts with
 * {@code flush ruleset}) takes our tables away and the guard puts them back; the host's input
 * filter with {@code policy drop} still decides: the VIP's service answers with the recipe's
 * rule and not without it (an accept in clonevip's chain never bypasses the host's filter); the
 * same with iptables-nft, which never touches clonevip's tables.
 */
class FirewallRecipesKernelTest {
    static final String VIP = "198.51.100.100";
    static final int PORT = 3306;

    @TempDir
    Path root;
    VethLab lab;
    DesiredStates store;
    RulesetGuard guard;
    ServerSocket server;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        lab = VethLab.create("fwrec");
        ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic(VethLab.NODE_IF).buckets(2).build();
        lab.node.ip("addr", "add", VIP + "/24", "dev", VethLab.NODE_IF);
        lab.node.ip("maddr", "add", spec.clusterMac().toString(), "dev", VethLab.NODE_IF);
        lab.peer.ip("addr", "add", "198.51.100.10/24", "dev", VethLab.PEER_IF);
        store = DesiredStates.at(root, lab.node.name());
        NetNs.run(lab.node.name(), () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c, store).apply(spec, BucketSet.all(2)); } });
        guard = RulesetGuard.start(store, "test", log::add);
        server = NetNs.call(lab.node.name(), () -> new ServerSocket(PORT, 50, InetAddress.getByName(VIP)));
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write('A');
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) server.close();
        if (guard != null) guard.close();
        lab.close();
    }

    private Path resource(String name) throws IOException {
        Path f = root.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/firewall/" + name)) {
            Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return f;
    }

    /** Whether a TCP connection from the client to the VIP's service gets its answer within 300 ms. */
    private boolean serviceAnswers() throws Exception {
        return NetNs.call(lab.peer.name(), () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(VIP, PORT), 300);
                s.setSoTimeout(300);
                return s.getInputStream().read() == 'A';
            } catch (SocketTimeoutException e) {
                return false;
            }
        });
    }

    private void tablesBack() throws Exception {
        DesiredState want = store.read(InetAddress.getByName(VIP));
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            ClusterState st = NetNs.call(lab.node.name(), () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).state(InetAddress.getByName(VIP)); } });
            if (want.heldBy(st)) return;
            if (System.nanoTime() > deadline) throw new AssertionError("clonevip's tables not back: " + want.departures(st) + " " + log);
            Thread.sleep(2);
        }
    }

    @Test
    void debianReloadFlushesOurTablesTheGuardPutsThemBackAndTheHostFilterStillDecides() throws Exception {
        assertTrue(serviceAnswers(), "no host filter yet");
        lab.node.execOk("nft", "-f", resource("nftables.conf").toString()); // systemctl reload nftables
        tablesBack();
        assertTrue(lab.node.exec("nft", "list", "table", "inet", "filter").exit() == 0, "the host's table is there");
        assertTrue(serviceAnswers(), "the recipe's rule lets the VIP's service in");
        lab.node.execOk("nft", "-f", resource("nftables-without-vip-rule.conf").toString());
        tablesBack();
        assertTrue(!serviceAnswers(), "without it the host's policy drop holds: clonevip's accept does not bypass it");
    }

    @Test
    void aConfThatReplacesOnlyItsOwnTableNeverTouchesOurs() throws Exception {
        lab.node.execOk("nft", "-f", resource("nftables-own-table.conf").toString());
        lab.node.execOk("nft", "-f", resource("nftables-own-table.conf").toString()); // a reload
        assertTrue(serviceAnswers(), "the recipe's rule lets the VIP's service in");
        tablesBack();
        assertTrue(log.stream().noneMatch(l -> l.startsWith("repaired")), "nothing of ours to repair: " + log);
    }

    @Test
    void iptablesNftRulesLeaveOurTablesAloneAndDecideForTheVipService() throws Exception {
        long repairsBefore = log.stream().filter(l -> l.startsWith("repaired")).count();
        lab.node.execOk("iptables-nft-restore", resource("iptables.rules").toString());
        assertTrue(serviceAnswers(), "the rule for the VIP's service lets it in");
        lab.node.execOk("iptables-nft", "-D", "INPUT", "-d", VIP + "/32", "-p", "tcp", "-m", "tcp", "--dport", "3306", "-j", "ACCEPT");
        assertTrue(!serviceAnswers(), "without it INPUT's policy DROP holds");
        tablesBack();
        assertEquals(repairsBefore, log.stream().filter(l -> l.startsWith("repaired")).count(), "iptables-nft changed nothing of ours: " + log);
    }
}
