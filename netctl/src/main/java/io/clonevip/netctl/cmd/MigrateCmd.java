package io.clonevip.netctl.cmd;

import io.clonevip.migrate.MigrationPlan;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.GlobalOptions;
import io.clonevip.netctl.Json;
import io.clonevip.netctl.JsonOption;
import io.clonevip.netctl.NetctlException;
import io.clonevip.netctl.migrate.CibChange;
import io.clonevip.netctl.migrate.CibMigration;
import io.clonevip.netctl.migrate.ClusterIpApplier;
import io.clonevip.netctl.migrate.CrmVerify;
import io.clonevip.netctl.migrate.InputFiles;
import io.clonevip.netctl.migrate.MigrationGuide;
import io.clonevip.netctl.migrate.PlanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Spec;

/** {@code netctl migrate}: from iptables CLUSTERIP (and Percona/ClusterLabs agents) to clonevip. */
@Command(name = "migrate",
        description = {"Derive the clonevip configuration from a node's iptables CLUSTERIP setup, or rewrite a "
                + "Pacemaker CIB from ocf:percona:IPaddr3 / ocf:heartbeat:IPaddr2 clones and "
                + "ocf:percona:mysql_monitor to clonevip's agents."},
        mixinStandardHelpOptions = true,
        modelTransformer = MigrateCmd.GuideInHelp.class,
        footerHeading = "%n",
        footer = {"Examples:",
                "  iptables-save > node1.rules; cp -r /proc/net/ipt_CLUSTERIP node1.proc",
                "  netctl migrate --from-iptables-save node1.rules --proc-dir node1.proc",
                "  cibadmin -Q > cib.xml",
                "  netctl migrate --cib cib.xml          writes cib.xml.clonevip.xml",
                ""})
public final class MigrateCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--from-iptables-save", paramLabel = "FILE",
            description = "An iptables-save (or iptables-save -c) output of this node.")
    Path iptablesSave;

    @Option(names = "--proc-dir", paramLabel = "DIR",
            description = "A copy of /proc/net/ipt_CLUSTERIP (one file per VIP listing the local nodes). Without it the"
                    + " local buckets come from the rules' --local-node, which shows only the first one.")
    Path procDir;

    @Option(names = "--cidr-netmask", paramLabel = "PREFIX",
            description = "The prefix length of the VIP's address on its NIC, for the printed commands (iptables-save"
                    + " does not contain it).")
    Integer cidrNetmask;

    @Option(names = "--apply", description = "Program the derived configuration on this node (inside --netns): the"
            + " nftables ruleset with the local buckets, the VIP on its NIC (/--cidr-netmask, or the prefix of the NIC's"
            + " address in that network) and the cluster MAC membership. Remove the CLUSTERIP rules first.")
    boolean apply;

    @Option(names = "--keep-connections", description = "With --apply: move this node's live CLUSTERIP rule to the"
            + " clusterip-compatible nftables ruleset (same hash, same buckets): established connections keep working."
            + " Node by node; see docs/user/migration.md.")
    boolean keepConnections;

    @Option(names = "--cib", paramLabel = "FILE", description = "A Pacemaker CIB as cibadmin -Q prints it.")
    Path cib;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the rewritten CIB (default FILE.clonevip.xml).")
    Path output;

    @Option(names = "--in-place", description = "Replace the --cib FILE itself with the rewritten CIB.")
    boolean inPlace;

    @Option(names = "--verify-timeout", paramLabel = "SECONDS", description = "With --cib: how long crm_verify -x may"
            + " run (1..3600, default 60); one that takes longer is stopped and nothing is written (exit 1).")
    Integer verifyTimeout;

    /** Appends the migration text to the help footer (annotations cannot take the array). */
    public static final class GuideInHelp implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
            footer.addAll(List.of(MigrationGuide.FOOTER));
            footer.add("");
            footer.add(ExitCodes.HELP);
            spec.usageMessage().footer(footer.toArray(String[]::new));
            return spec;
        }
    }

    @Override
    public Integer call() throws Exception {
        if ((iptablesSave == null) == (cib == null)) {
            throw new NetctlException(ExitCodes.USAGE, "give exactly one of --from-iptables-save FILE or --cib FILE");
        }
        if (iptablesSave != null) return fromIptables();
        return rewriteCib();
    }

    private int fromIptables() throws Exception {
        if (output != null || inPlace || verifyTimeout != null) {
            throw new NetctlException(ExitCodes.USAGE, "--output, --in-place and --verify-timeout go with --cib");
        }
        if (cidrNetmask != null && (cidrNetmask < 1 || cidrNetmask > 32)) {
            throw new NetctlException(ExitCodes.USAGE, "--cidr-netmask " + cidrNetmask + " is outside 1..32");
        }
        if (keepConnections && !apply) throw new NetctlException(ExitCodes.USAGE, "--keep-connections goes with --apply");
        MigrationPlan plan = InputFiles.plan(iptablesSave, procDir);
        ClusterIpApplier applier = keepConnections
                ? ClusterIpApplier.keepingConnections(netns(), cidrNetmask, spec.commandLine().getErr())
                : ClusterIpApplier.forThisNode(netns(), cidrNetmask, spec.commandLine().getErr());
        List<String> applied = apply ? applier.apply(plan.vips()) : List.of();
        PlanReport report = new PlanReport(plan, iptablesSave.toString(), procDir == null ? null : procDir.toString(),
                cidrNetmask, keepConnections);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json.json() ? report.json() + "\n" : report.human());
        if (!json.json() && apply) {
            out.println("Applied on this node:");
            for (String a : applied) out.println("  " + a);
            if (!keepConnections) out.println(MigrationGuide.CUT_ONCE);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private int rewriteCib() {
        if (procDir != null || apply || cidrNetmask != null || keepConnections) {
            throw new NetctlException(ExitCodes.USAGE, "--proc-dir, --cidr-netmask, --apply and --keep-connections go with --from-iptables-save");
        }
        if (output != null && inPlace) throw new NetctlException(ExitCodes.USAGE, "give --output or --in-place, not both");
        Path target = inPlace ? cib : output != null ? output : Path.of(cib + ".clonevip.xml");
        if (!inPlace && sameFile(target, cib)) {
            throw new NetctlException(ExitCodes.USAGE, "--output " + target + " is the input file; use --in-place to replace it");
        }
        if (verifyTimeout != null && (verifyTimeout < 1 || verifyTimeout > 3600)) {
            throw new NetctlException(ExitCodes.USAGE, "--verify-timeout " + verifyTimeout + " is outside 1..3600");
        }
        CibMigration.Result r = CibMigration.run(cib, target,
                verifyTimeout == null ? CrmVerify.DEFAULT_TIMEOUT : Duration.ofSeconds(verifyTimeout));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json.json() ? cibJson(cib, r) + "\n" : cibHuman(r));
        out.flush();
        return ExitCodes.OK;
    }

    private static String cibHuman(CibMigration.Result r) {
        StringBuilder sb = new StringBuilder();
        if (r.output() == null) {
            sb.append("Nothing to migrate: no ocf:percona:IPaddr3, ocf:percona:mysql_monitor or ocf:heartbeat:IPaddr2"
                    + " clone in the CIB. Nothing written.\n");
        } else {
            sb.append(r.diff()).append('\n');
            sb.append("Changes:\n");
            for (CibChange c : r.rewrite().changes()) sb.append("  ").append(c.describe()).append('\n');
        }
        if (!r.rewrite().warnings().isEmpty()) {
            sb.append("Warnings:\n");
            for (String w : r.rewrite().warnings()) sb.append("  ").append(w).append('\n');
        }
        if (r.output() != null) {
            sb.append("crm_verify: ").append(r.verdict().summary()).append('\n');
            sb.append("Written: ").append(r.output()).append('\n');
            sb.append("Load it with: cibadmin --replace --xml-file ").append(r.output()).append('\n');
            if (movesAgents(r)) sb.append(MigrationGuide.CUT_ONCE).append('\n');
        }
        return sb.toString();
    }

    private static String cibJson(Path input, CibMigration.Result r) {
        List<Object> changes = r.rewrite().changes().stream().map(c -> (Object) Json.obj("kind", c.kind(),
                "resource", c.resource(), "id", c.id(), "from", c.from(), "to", c.to(), "note", c.note())).toList();
        Map<String, Object> verdict = r.verdict() == null ? null : Json.obj("ran", r.verdict().ran(),
                "exit_code", r.verdict().exitCode(), "valid", r.verdict().valid(), "output", r.verdict().output());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input.toString());
        m.put("output", r.output() == null ? null : r.output().toString());
        m.put("changes", changes);
        m.put("warnings", r.rewrite().warnings());
        m.put("diff", r.diff());
        m.put("crm_verify", verdict);
        m.put("connections_cut_once", movesAgents(r));
        return Json.write(m);
    }

    /** Whether an agent changes (a rule made safe alone moves no connection). */
    private static boolean movesAgents(CibMigration.Result r) {
        return r.rewrite().changes().stream().anyMatch(c -> !c.kind().equals("rule"));
    }

    /** The inherited --netns, stored in the root command's GlobalOptions mixin. */
    private String netns() {
        return GlobalOptions.netnsOf(spec);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
