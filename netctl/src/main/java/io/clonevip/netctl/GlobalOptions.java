package io.clonevip.netctl;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every subcommand accepts. */
public final class GlobalOptions {
    @Option(names = "--netns", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Act inside the named network namespace (/run/netns/NAME) instead of the current one.")
    String netns;

    /** The namespace to act in, or null for the current one. */
    public String netns() { return netns; }

    /** The inherited --netns of the command line {@code spec} belongs to (kept in the root's mixin). */
    public static String netnsOf(CommandSpec spec) {
        CommandSpec global = spec.root().mixins().get("global");
        return global != null && global.userObject() instanceof GlobalOptions g ? g.netns() : null;
    }
}
