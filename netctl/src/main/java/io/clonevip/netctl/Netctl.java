package io.clonevip.netctl;

import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.cluster.NoSuchClusterIpException;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.netctl.cmd.BucketsCmd;
import io.clonevip.netctl.cmd.StatusCmd;
import io.clonevip.netctl.cmd.VersionCmd;
import io.clonevip.netctl.cmd.WatchCmd;
import io.clonevip.netctl.cmd.WhichCmd;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** netctl: see, explain and move the buckets of clonevip cluster IPs. */
@Command(name = "netctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCmd.Provider.class,
        description = "See, explain and move the buckets of clonevip cluster IPs on this node.",
        subcommands = {StatusCmd.class, BucketsCmd.class, WhichCmd.class, WatchCmd.class, VersionCmd.class,
                io.clonevip.netctl.cmd.MigrateCmd.class, CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {"Examples:",
                "  netctl status                         every cluster IP on this node",
                "  netctl status 198.51.100.100 --json   one VIP, as JSON",
                "  netctl buckets add 198.51.100.100 2   also serve bucket 2",
                "  netctl buckets set 198.51.100.100 1,4-6",
                "  netctl which 198.51.100.100 203.0.113.7:40001",
                "  netctl watch --interval 2s            counter rates, refreshed in place",
                "  netctl --netns node1 status           inside network namespace node1",
                "",
                ExitCodes.HELP})
public final class Netctl implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line wired with netctl's exit-code mapping; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Netctl());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("netctl: " + messageOf(ex));
            return exitCodeOf(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("netctl: " + ex.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    static String messageOf(Throwable ex) {
        if (ex instanceof KernelException k && NodeSession.isPermission(k)) {
            return "permission denied: netctl needs root (CAP_NET_ADMIN" + (k.operation().equals("setns") || k.operation().equals("network namespace")
                    ? " and CAP_SYS_ADMIN for --netns" : "") + "); nothing was changed (" + k.getMessage() + ")";
        }
        if (ex instanceof KernelException k && k.operation().equals("network namespace") && k.is(Errno.ENOENT)) {
            return k.kernelMessage() + " (see ip netns list); nothing was changed";
        }
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof NetctlException n) return n.exitCode();
        if (ex instanceof NoSuchClusterIpException) return ExitCodes.NOT_FOUND;
        if (ex instanceof ClusterSpecException) return ExitCodes.USAGE;
        if (ex instanceof KernelException k) {
            if (NodeSession.isPermission(k)) return ExitCodes.PERMISSION;
            if (k.is(Errno.ERESTART)) return ExitCodes.CONFLICT;
            if (k.operation().equals("network namespace")) return ExitCodes.NO_NAMESPACE;
        }
        return ExitCodes.FAILURE;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
