package io.clonevip.netctl;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every subcommand accepts. */
public final class GlobalOptions {
    @Option(names = "--netns", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Act inside the named network namespace (/run/netns/NAME) instead of the current one.")
    String netns;

    /** The namespace to act in, or null for the current one. */
    public String netns() { return netns; }
}
