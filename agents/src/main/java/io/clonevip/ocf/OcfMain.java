package io.clonevip.ocf;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OCF dispatcher: {@code java io.clonevip.ocf.OcfMain <agent class> <action>}.
 * {@code meta-data} and {@code usage} answer before any validation and need no privileges;
 * an unknown action is ERR_UNIMPLEMENTED; every failure prints {@code ocf-exit-reason:<text>}
 * exactly once on stderr and exits with the failure's code; unexpected exceptions become
 * ERR_GENERIC with a one-line reason (stack trace only with {@code OCF_TRACE_RA=1}).
 * Values of secret parameters are masked in all of it.
 * Only {@link #main} calls {@link System#exit}.
 */
public final class OcfMain {
    static final String EXIT_REASON = "ocf-exit-reason:";
    /** Pacemaker's executor keeps 128 characters of an exit reason. */
    static final int MAX_REASON = 128;

    private OcfMain() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: Pacemaker runs agents without LANG, and the meta-data
        // XML declares no encoding (so UTF-8).
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int rc;
        if (args.length == 0) {
            err.println(EXIT_REASON + "usage: OcfMain <agent class> <action>");
            rc = OcfExitCode.ERR_ARGS.code();
        } else {
            rc = run(args[0], Arrays.copyOfRange(args, 1, args.length), System.getenv(), out, err);
        }
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /** Loads the agent class by name, then {@link #run(OcfAgent, String[], Map, PrintStream, PrintStream)}. */
    public static int run(String agentClass, String[] args, Map<String, String> env, PrintStream out,
                          PrintStream err) {
        OcfAgent agent;
        try {
            agent = Class.forName(agentClass).asSubclass(OcfAgent.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            err.println(EXIT_REASON + "cannot load OCF agent class " + agentClass + ": " + e.getClass().getSimpleName());
            return OcfExitCode.ERR_INSTALLED.code();
        }
        return run(agent, args, env, out, err);
    }

    /** Runs one action of {@code agent}; returns the process exit status. Never throws. */
    public static int run(OcfAgent agent, String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        OcfLog log = new OcfLog(err, "agent", "undef", false, Set.of());
        boolean trace = "1".equals(env.get("OCF_TRACE_RA"));
        try {
            AgentMetaData md = agent.metaData();
            if (args.length != 1) {
                err.print(usage(md));
                throw OcfException.args(args.length == 0 ? "no action given" : "expected one action, got " + args.length
                        + " arguments");
            }
            OcfAction action = OcfAction.fromName(args[0]).orElseThrow(() -> OcfException.unimplemented(
                    "unknown action '" + oneLine(args[0]) + "'"));
            if (action == OcfAction.META_DATA) {
                out.print(MetaDataXml.render(md));
                return OcfExitCode.SUCCESS.code();
            }
            if (action == OcfAction.USAGE) {
                out.print(usage(md));
                return OcfExitCode.SUCCESS.code();
            }
            OcfEnv ocf = OcfEnv.of(env, action, md, err);
            log = ocf.log();
            trace = ocf.trace();
            log.debug("action " + action.ocfName());
            return new OcfDispatch(agent, ocf).run().code();
        } catch (OcfException e) {
            fail(err, log, trace, e.reason(), e);
            return e.code().code();
        } catch (Throwable e) { // the one place that turns anything into an exit code
            String msg = e.getMessage() == null ? "" : ": " + e.getMessage();
            fail(err, log, trace, "unexpected " + e.getClass().getSimpleName() + msg, e);
            return OcfExitCode.ERR_GENERIC.code();
        }
    }

    /**
     * Prints the one exit-reason line: one line, secrets masked, at most
     * {@value #MAX_REASON} characters (Pacemaker cuts longer ones; the full text is then
     * logged first). The stack trace follows only when tracing, masked as well.
     */
    private static void fail(PrintStream err, OcfLog log, boolean trace, String reason, Throwable e) {
        String text = log.mask(oneLine(reason));
        if (text.length() > MAX_REASON) {
            log.error(text);
            text = text.substring(0, MAX_REASON - 3) + "...";
        }
        err.println(EXIT_REASON + text);
        if (trace) {
            StringWriter stack = new StringWriter();
            e.printStackTrace(new PrintWriter(stack));
            err.print(log.mask(stack.toString()));
        }
    }

    /** The usage text, listing the actions the meta-data advertises. */
    public static String usage(AgentMetaData md) {
        String actions = md.actions().stream().map(a -> a.action().ocfName()).distinct()
                .collect(Collectors.joining("|"));
        return "usage: " + md.name() + " {" + actions + "|usage}\n"
                + "Parameters come from OCF_RESKEY_<name>; see '" + md.name() + " meta-data'.\n";
    }

    /** Line breaks and tabs collapsed to single spaces. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*[\\r\\n\\t]+\\s*", " ");
    }
}
