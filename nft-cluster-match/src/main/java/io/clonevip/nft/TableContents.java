package io.clonevip.nft;

import java.util.List;
import java.util.Map;

/**
 * Everything in one table as read back from the kernel.
 *
 * @param table    the table
 * @param chains   its chains, in the kernel's order
 * @param sets     its sets, named and anonymous ({@code __set0} ...)
 * @param elements the elements of each set, by set name (with counters for sets that count)
 * @param rules    its rules, in chain order, with handles
 */
public record TableContents(Table table, List<Chain> chains, List<NftSet> sets, Map<String, List<SetElement>> elements, List<Rule> rules) {

    /** The set named {@code name}, or null. */
    public NftSet set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** The rules of {@code chain}. */
    public List<Rule> rules(String chain) {
        return rules.stream().filter(r -> r.chain().equals(chain)).toList();
    }
}
