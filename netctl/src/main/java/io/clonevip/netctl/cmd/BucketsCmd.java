package io.clonevip.netctl.cmd;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netctl buckets add|del|set}: change the buckets this node serves. */
@Command(name = "buckets", mixinStandardHelpOptions = true,
        description = {"Change which buckets of a cluster IP this node serves, or end their drains and guards.",
                "Each change is one atomic nf_tables transaction; connections in buckets that stay put are not touched. Buckets outside 1..N are",
                "refused (exit 2) and nothing changes."},
        subcommands = {BucketsAddCmd.class, BucketsDelCmd.class, BucketsSetCmd.class, BucketsUndrainCmd.class, BucketsUnguardCmd.class},
        footerHeading = "%n",
        footer = {"Moving bucket 3 from node1 to node2 (add on the new owner first, then remove on the old one):",
                "  netctl --netns node2 buckets add 198.51.100.100 3",
                "  netctl --netns node1 buckets del 198.51.100.100 3",
                "Ending the drain of bucket 3 on node1 now (status shows it as draining 3 with its time left):",
                "  netctl --netns node1 buckets undrain 198.51.100.100 3"})
public final class BucketsCmd implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a subcommand: add, del, set, undrain or unguard");
    }

}
