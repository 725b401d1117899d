package io.clonevip.cluster;

import io.clonevip.nft.Bytes;
import io.clonevip.nft.NftSet;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.expr.NftData;
import io.clonevip.rtnl.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The golden files of the production ruleset, {@code src/test/resources/nft-reference/production}
 * (see the README.md beside them): per {@link HashMode}, {@code <mode>.netlink.txt} is what
 * {@code nft --debug=netlink list table} shows of both tables after {@link ClusterIpTables#apply}
 * wrote {@link #spec} with {@link #local} in a fresh namespace ({@code ipv6-<mode>.netlink.txt}:
 * the inet table of {@link #spec6}, for the modes an IPv6 VIP allows); for the modes nft can write
 * ({@link HashMode#listsFaithfully}), {@code <mode>.mnl.txt} is what {@code nft --debug=mnl -f}
 * sends for that listing. This class reads them, normalises, and renders our model in their form;
 * public for the nf_tables model's own kernel tests ({@code io.clonevip.nft}), which write the same ruleset.
 */
public final class ProductionGolden {
    private ProductionGolden() {}

    static final String DIR = "nft-reference/production/";
    private static final String HEADER = "# ";

    /** The representative spec of every golden file: one VIP, 12 buckets, a fixed seed. */
    public static ClusterIpSpec spec(HashMode mode) {
        return ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12).hashMode(mode.keyword())
                .seed(0xc1057e12L).build();
    }

    /** The IPv6 VIP of the {@code ipv6-*} golden files; its NIC {@code eth0} has the MAC {@link #NIC_MAC}. */
    public static ClusterIpSpec spec6(HashMode mode) {
        return ClusterIpSpec.builder().vip("2001:db8:1::100").nic("eth0").buckets(12).hashMode(mode.keyword())
                .seed(0xc1057e12L).build();
    }

    /** The MAC of {@code eth0} where the IPv6 golden files were recorded (a veth link of the recording namespace). */
    public static final MacAddress NIC_MAC = MacAddress.of(new byte[] {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01});

    /** The hash modes an IPv6 VIP allows (not the clusterip-compatible ones: CLUSTERIP was IPv4 only); nft writes each. */
    public static Stream<HashMode> ipv6Modes() { return Arrays.stream(HashMode.values()).filter(m -> !m.clusteripCompatible()); }

    /** The spec of a golden file: IPv4 {@link #spec} or IPv6 {@link #spec6}. */
    public static ClusterIpSpec spec(HashMode mode, boolean ipv6) { return ipv6 ? spec6(mode) : spec(mode); }

    /** The ruleset of a golden file's spec, as {@link ClusterIpTables} builds it where the files were recorded. */
    static ClusterRuleset ruleset(HashMode mode, boolean ipv6) {
        return ClusterRuleset.of(spec(mode, ipv6), ipv6 ? NIC_MAC : null);
    }

    public static String netlinkFile(HashMode mode, boolean ipv6) { return (ipv6 ? "ipv6-" : "") + netlinkFile(mode); }

    static String mnlFile(HashMode mode, boolean ipv6) { return (ipv6 ? "ipv6-" : "") + mnlFile(mode); }

    /** This node's buckets in every golden file. */
    public static BucketSet local() { return BucketSet.parse("1-4", 12); }

    /** The modes whose ruleset nft's text can express ({@link HashMode#listsFaithfully}): nft's own request is compared. */
    static Stream<HashMode> nftWritable() { return Arrays.stream(HashMode.values()).filter(HashMode::listsFaithfully); }

    public static String netlinkFile(HashMode mode) { return mode.keyword() + ".netlink.txt"; }

    static String mnlFile(HashMode mode) { return mode.keyword() + ".mnl.txt"; }

    /** The whole golden file {@code name}. */
    static String read(String name) {
        try (InputStream in = ProductionGolden.class.getResourceAsStream("/" + DIR + name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + DIR + name + " (nft-reference/README.md: how to record it)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The golden file without its header lines ({@code # ...}): what the tool printed. */
    public static String body(String name) {
        return read(name).lines().dropWhile(l -> l.startsWith(HEADER)).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The golden file's header lines, for failure messages (which nft recorded it). */
    static String header(String name) {
        return read(name).lines().takeWhile(l -> l.startsWith(HEADER)).collect(Collectors.joining("\n"));
    }

    /** {@code text} as header lines. */
    static String asHeader(List<String> lines) {
        return lines.stream().map(l -> HEADER + l + "\n").collect(Collectors.joining());
    }

    /**
     * Normalises an {@code nft --debug=netlink list} print: the kernel lists a set's elements in
     * its hash table's order, which is random per set; each set's element lines are sorted.
     */
    static String sortElements(String debug) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String l : debug.lines().toList()) {
            if (l.startsWith("\telement ")) {
                run.add(l);
                continue;
            }
            run.sort(null);
            out.addAll(run);
            run.clear();
            out.add(l);
        }
        run.sort(null);
        out.addAll(run);
        return String.join("\n", out) + "\n";
    }

    /**
     * The blocks of an {@code nft --debug=netlink} print: a heading line followed by its expression
     * ({@code "  [ "}), element ({@code "\telement "}) and userdata ({@code "  userdata = "}) lines.
     */
    static List<String> blocks(String debug) {
        List<String> blocks = new ArrayList<>();
        List<String> lines = debug.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (!isBlockLine(lines.get(i)) && isBlockLine(lines.get(i + 1))) {
                StringBuilder b = new StringBuilder(lines.get(i));
                while (i + 1 < lines.size() && isBlockLine(lines.get(i + 1))) b.append('\n').append(lines.get(++i));
                blocks.add(b.toString());
            }
        }
        return blocks;
    }

    private static boolean isBlockLine(String l) {
        return l.startsWith("  [ ") || l.startsWith("\telement ") || l.startsWith("  userdata = ");
    }

    /**
     * A block of the kernel's listing in nft's add-time form, that of {@link Rule#debugString}: rule
     * headings without the handle and position the kernel gave, anonymous sets under the name
     * {@code __set%d} that was sent (the kernel numbers them {@code __set0}, {@code __set1}, ...),
     * lookups without the {@code 0x0} flags the kernel always dumps (clonevip, like nft, sends none).
     */
    static String addTimeForm(String block) {
        return block.replaceFirst("^((?:inet|arp) \\S+ \\S+)(?: \\d+)+\n", "$1\n")
                .replaceAll("__set\\d+", "__set%d")
                .replaceAll("(\\[ lookup reg \\d+ set \\S+) 0x0 ]", "$1 ]");
    }

    /**
     * Our model as the blocks of {@code nft --debug=netlink}: the elements of every set in the
     * order the sets are created, then every rule of both tables in order.
     */
    static List<String> blocksOf(ClusterRuleset rs, BucketSet local) {
        List<String> blocks = new ArrayList<>();
        List<SetElement> localElements = new ArrayList<>();
        for (int b : local) localElements.add(SetElement.mark(b));
        blocks.add(elementBlock(rs.local(), localElements));
        blocks.add(elementBlock(rs.all(), rs.allElements()));
        // cv_drain and cv_guard start empty: a set without elements prints no block
        if (rs.layout().drains()) blocks.add(elementBlock(rs.pass(), localElements));
        for (ClusterRuleset.AnonSet a : rs.rawAnonymous()) blocks.add(elementBlock(a.set(), a.elements()));
        for (ClusterRuleset.AnonSet a : rs.preAnonymous()) blocks.add(elementBlock(a.set(), a.elements()));
        for (Rule r : rs.rawRules()) blocks.add(ruleBlock(r));
        for (Rule r : rs.rules()) blocks.add(ruleBlock(r));
        if (rs.ipv6()) for (Rule r : rs.naRules()) blocks.add(ruleBlock(r));
        else blocks.add(ruleBlock(rs.arpRule()));
        return blocks;
    }

    /** libnftnl's element print: {@code element 00000004  : 0 [end]} (key words in host order), sorted. */
    private static String elementBlock(NftSet set, List<SetElement> elements) {
        List<String> lines = new ArrayList<>();
        for (SetElement e : elements) {
            lines.add("\telement " + NftData.words(e.key()).replace("0x", "") + "  : 0 [end]");
        }
        lines.sort(null);
        return set.family().nftName() + " " + set.table() + " @" + set.name() + "\n" + String.join("\n", lines);
    }

    private static String ruleBlock(Rule r) {
        String heading = r.family().nftName() + " " + r.table() + " " + r.chain() + "\n" + r.debugString();
        return r.userdata() == null ? heading : heading + "\n" + userdataLine(r.userdata());
    }

    /** libnftnl's userdata print: printable bytes as themselves, the others as {@code \xNN}. */
    private static String userdataLine(Bytes userdata) {
        StringBuilder s = new StringBuilder("  userdata = { ");
        for (int i = 0; i < userdata.length(); i++) {
            int c = userdata.get(i);
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append(" }").toString();
    }

    /** The ruleset text of a listing print: its {@code table ... { }} parts, what {@code nft list} prints without {@code --debug}. */
    public static String tables(String debug) {
        StringBuilder s = new StringBuilder();
        boolean in = false;
        for (String l : debug.lines().toList()) {
            if (l.startsWith("table ")) in = true;
            if (in) s.append(l).append('\n');
            if (l.equals("}")) in = false;
        }
        return s.toString();
    }

    /**
     * The ruleset text of a listing print as input for {@code nft -f}: its {@link #tables}, with the
     * set elements' counters removed. A set with the {@code counter} flag gives every new element a
     * counter; clonevip relies on that and sends none, while {@code nft -f} of a listing spells each
     * one out (the kernel holds the same either way).
     */
    public static String nftInput(String debug) {
        return tables(debug).replaceAll("(0x[0-9a-f]{8}) counter packets \\d+ bytes \\d+", "$1");
    }

    /** libmnl's print without ANSI colours, from the message BATCH_BEGIN (type 00016) on. */
    static String batchPart(String mnl) {
        List<String> lines = mnl.replaceAll("\u001b\\[[0-9;]*m", "").lines().toList();
        for (int i = 2; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| 00016 |")) return String.join("\n", lines.subList(i - 2, lines.size())) + "\n";
        }
        throw new IllegalStateException("no BATCH_BEGIN (00016) in the libmnl print");
    }

    /**
     * The messages of a libmnl print, normalised for comparing two senders of one ruleset: each
     * message is its type, flags, extra header and attributes, without its sequence number (nft's
     * continue after its cache requests) and length (given by the rest); the ACK flag that clonevip
     * asks for and nft does not ({@code R-A-}, {@code R---}) is dropped. The rules (type 02566)
     * keep their order; every other message is sorted, since nft declares a chain before its
     * sets and adds each anonymous set just before its rule while clonevip adds the sets first:
     * either order commits the same tables.
     */
    static List<String> messages(String mnl) {
        List<String> lines = batchPart(mnl).replace("| R-A- |", "| R--- |").lines().toList();
        List<String> rules = new ArrayList<>();
        List<String> others = new ArrayList<>();
        StringBuilder cur = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.matches("\\|  \\d{10}  \\|\t\\| message length \\|")) {
                if (cur != null) (cur.toString().startsWith("| 02566 |") ? rules : others).add(cur.toString());
                cur = new StringBuilder(lines.get(i + 1));
                i += 3; // type and flags kept; sequence number and port ID dropped
            } else if (cur != null && !l.isEmpty() && !l.startsWith("----------------")) {
                cur.append('\n').append(l);
            }
        }
        if (cur != null) others.add(cur.toString());
        others.sort(null);
        List<String> all = new ArrayList<>(others);
        all.addAll(rules);
        return all;
    }
}
