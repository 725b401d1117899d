package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nft.Rule;
import io.clonevip.rtnl.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every name and comment clonevip writes is one nft's parser reads back, checked without a kernel. */
class RulesetLayoutTest {
    /** nft's {@code string} token (src/scanner.l): what a name must match to be an identifier. */
    private static final Pattern NFT_STRING = Pattern.compile("[a-zA-Z_.][a-zA-Z0-9/\\-_.]*");

    private static Set<String> keywords() throws IOException {
        try (InputStream in = RulesetLayoutTest.class.getResourceAsStream("nft-keywords.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toSet());
        }
    }

    private static List<String> names(ClusterRuleset rs) {
        List<String> n = new ArrayList<>(List.of(rs.inet().name(), rs.arp().name(), rs.pre().name(), rs.out().name(),
                rs.local().name(), rs.all().name()));
        for (Rule r : rs.rules()) n.add(r.chain());
        n.add(rs.arpRule().chain());
        return n;
    }

    @ParameterizedTest
    @EnumSource(HashMode.class)
    void everyNameIsAnNftIdentifierInEveryRelease(HashMode mode) throws IOException {
        Set<String> keywords = keywords();
        assertTrue(keywords.contains("all") && keywords.contains("out"), "the list holds what issue #13 found");
        assertTrue(keywords.stream().noneMatch(k -> k.contains("_")), "no nft keyword has an underscore");
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12).hashMode(mode.keyword()).build();
        for (String name : names(ClusterRuleset.of(spec))) {
            assertTrue(NFT_STRING.matcher(name).matches() && name.contains("_") && !keywords.contains(name), name);
        }
        List<String> old = names(ClusterRuleset.of(spec, RulesetLayout.V1));
        assertTrue(old.stream().anyMatch(keywords::contains), "V1 held keywords: " + old);
    }

    @ParameterizedTest
    @MethodSource("io.clonevip.cluster.ProductionGolden#ipv6Modes")
    void everyNameOfAnIpv6VipIsAnNftIdentifier(HashMode mode) throws IOException {
        Set<String> keywords = keywords();
        ClusterRuleset rs = ClusterRuleset.of(ProductionGolden.spec6(mode), MacAddress.ZERO);
        assertEquals("clonevip_2001_db8_1__100", rs.inet().name());
        assertNull(rs.arp(), "no arp table for IPv6");
        List<String> n = new ArrayList<>(List.of(rs.inet().name(), rs.pre().name(), rs.raw().name(), rs.na().name(),
                rs.local().name(), rs.all().name(), rs.drain().name(), rs.guard().name(), rs.pass().name()));
        for (Rule r : rs.naRules()) n.add(r.chain());
        for (String name : n) assertTrue(NFT_STRING.matcher(name).matches() && name.contains("_") && !keywords.contains(name), name);
    }

    /**
     * An IPv6 VIP's canonical text is up to 39 characters (38 in 2001:db8::/32): with a 15-byte NIC,
     * a seed of 8 hex digits and sourceip-sourceport-destport, 999 buckets still fit nft's 128
     * characters and 1000 are refused when the ruleset is built, before anything is written.
     */
    @Test
    void theLongestIpv6SpecIsRefusedWithAClearError() {
        var b = ClusterIpSpec.builder().vip("2001:db8:1111:2222:3333:4444:5555:6666").nic("eth0-very-long1").seed(0xfedcba98L)
                .hashMode(HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT.keyword());
        String c = SpecComment.format(b.buckets(999).build());
        assertEquals(SpecComment.MAX_LENGTH, c.getBytes(StandardCharsets.UTF_8).length, c);
        ClusterSpecException e = assertThrows(ClusterSpecException.class, () -> ClusterRuleset.of(b.buckets(1000).build(), MacAddress.ZERO));
        assertTrue(e.getMessage().contains("fits nft's 128 characters"), e.getMessage());
        assertTrue(SpecComment.format(b.vip("2001:db8:1::5:6").buckets(4096).build()).length() < SpecComment.MAX_LENGTH);
    }

    @Test
    void commentsAreOneLineWithoutQuotes() {
        String c = SpecComment.format(ClusterIpSpec.builder().vip("198.51.100.100").nic("ethé").buckets(2).build());
        assertFalse(c.contains("\"") || c.contains("\n"), c);
        assertTrue(c.getBytes(StandardCharsets.UTF_8).length <= SpecComment.MAX_LENGTH, c);
    }
}
