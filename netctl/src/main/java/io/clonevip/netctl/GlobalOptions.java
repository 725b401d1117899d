package io.clonevip.netctl;

import io.clonevip.nativ.NetNs;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/** Options every subcommand accepts. */
public final class GlobalOptions {
    @Option(names = "--netns", paramLabel = "NAME", scope = ScopeType.INHERIT, converter = NetnsName.class,
            description = "Act inside the named network namespace (/run/netns/NAME) instead of the current one.")
    String netns;

    /** The namespace to act in, or null for the current one. */
    public String netns() { return netns; }

    /** The inherited --netns of the command line {@code spec} belongs to (kept in the root's mixin). */
    public static String netnsOf(CommandSpec spec) {
        CommandSpec global = spec.root().mixins().get("global");
        return global != null && global.userObject() instanceof GlobalOptions g ? g.netns() : null;
    }

    /** A name {@code ip netns} would refuse is a usage error (exit 2), found while parsing. */
    public static final class NetnsName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String problem = NetNs.nameProblem(value);
            if (problem != null) {
                throw new TypeConversionException("'" + value + "' is not a network namespace name: " + problem
                        + " (names as ip netns accepts them)");
            }
            return value;
        }
    }
}
