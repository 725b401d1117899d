package io.clonevip.netctl.migrate;

import java.util.List;

/**
 * The result of rewriting a CIB: the text before and after, what changed and what to look at.
 *
 * @param original  the input text
 * @param rewritten the output text (equal to original when nothing was found to migrate)
 * @param changes   the changes made, in document order
 * @param warnings  kept-but-unknown parameters, IPaddr2 primitives left alone, missing MACs...
 */
public record CibRewrite(String original, String rewritten, List<CibChange> changes, List<String> warnings) {
    public CibRewrite {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }
}
