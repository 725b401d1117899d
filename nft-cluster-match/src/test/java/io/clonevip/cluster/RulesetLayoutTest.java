package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nft.Rule;
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

    @Test
    void commentsAreOneLineWithoutQuotes() {
        String c = SpecComment.format(ClusterIpSpec.builder().vip("198.51.100.100").nic("ethé").buckets(2).build());
        assertFalse(c.contains("\"") || c.contains("\n"), c);
        assertTrue(c.getBytes(StandardCharsets.UTF_8).length <= SpecComment.MAX_LENGTH, c);
    }
}
