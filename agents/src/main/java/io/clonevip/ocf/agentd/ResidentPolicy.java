package io.clonevip.ocf.agentd;

import io.clonevip.ocf.OcfAgent;
import io.clonevip.ocf.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which actions of an agent the daemon serves, and what a client's environment must not carry.
 * All of an agent's actions, except mysql_monitor's: only {@code monitor} (and {@code status}),
 * which needs no secret and changes nothing but node attributes. Its {@code start} stays in a JVM
 * of its own (it hands the password to the check daemon it launches), so do {@code validate-all}
 * (it checks the credentials, password included) and {@code stop} (it removes files beside the
 * state path, which the unit's sandbox may make read-only).
 *
 * <p>A request is refused while the client's environment holds a secret parameter of the agent
 * ({@code OCF_RESKEY_<name>} or an alias of a parameter declared secret): the entry script removes
 * them before it asks (it re-executes itself without them), so only a misinstalled script sends
 * one, and its action then runs in a JVM of its own. A refusal names the parameter, never its value.
 *
 * <p>{@code main}: {@code ResidentPolicy CLASS} prints the actions served (one line) and the
 * environment variables to remove before asking (one line, maybe empty); scripts/install.sh writes
 * both into the entry script.
 */
final class ResidentPolicy {
    static final String MYSQL_MONITOR = "io.clonevip.agent.mysql.MysqlMonitorAgent";
    /** Every action the entry script may ask for. */
    static final List<String> ALL = List.of("start", "stop", "monitor", "status", "validate-all", "reload", "notify",
            "promote", "demote");
    private static final Map<String, List<String>> ONLY = Map.of(MYSQL_MONITOR, List.of("monitor", "status"));
    /** The parameter naming the files an agent's served actions use, checked as HA_RSCTMP is. */
    private static final Map<String, String> FILES = Map.of(MYSQL_MONITOR, "state");
    private static final String PREFIX = "OCF_RESKEY_";
    private static final Map<String, List<String>> SECRETS = new ConcurrentHashMap<>();

    private ResidentPolicy() {
    }

    /** The actions the daemon serves of {@code agentClass}. */
    static List<String> served(String agentClass) {
        return ONLY.getOrDefault(agentClass, ALL);
    }

    /** The environment variables of {@code agentClass}'s secret parameters, aliases included; read once per class. */
    static List<String> secretVariables(String agentClass) throws ReflectiveOperationException {
        List<String> known = SECRETS.get(agentClass);
        if (known != null) return known;
        List<String> names = List.copyOf(readSecretVariables(agentClass));
        SECRETS.putIfAbsent(agentClass, names);
        return names;
    }

    /** Builds the agent's model (its meta-data): a millisecond or so, hence {@link #SECRETS}. */
    private static List<String> readSecretVariables(String agentClass) throws ReflectiveOperationException {
        OcfAgent agent = Class.forName(agentClass).asSubclass(OcfAgent.class).getDeclaredConstructor().newInstance();
        List<String> names = new ArrayList<>();
        for (Parameter p : agent.metaData().parameters()) {
            if (p.secret()) {
                names.add(PREFIX + p.name());
                p.aliases().forEach(a -> names.add(PREFIX + a));
            }
        }
        return names;
    }

    /** Why {@code action} of {@code agentClass} is not served with an environment of these names; null when it is. */
    static String refusal(String agentClass, String action, Set<String> envNames) {
        if (!served(agentClass).contains(action)) {
            return "action " + action + " of " + agentClass + " runs in a JVM of its own";
        }
        List<String> secrets;
        try {
            secrets = secretVariables(agentClass);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "agent " + agentClass + " cannot be loaded";
        }
        for (String s : secrets) {
            if (envNames.contains(s)) {
                return "client environment carries the secret parameter " + s.substring(PREFIX.length())
                        + " (an entry script not written by install.sh?)";
            }
        }
        return null;
    }

    /**
     * Why the files {@code agentClass}'s action would use are not the client's or not writable
     * here; null when they are. The directory of its files parameter, when set to an absolute
     * path, must be the very directory the client sees there (the unit's PrivateTmp, ProtectHome
     * or another mount namespace would show another) and writable by the daemon (ProtectSystem).
     */
    static String otherFiles(String agentClass, ClientProcess client, Map<String, String> env) {
        String parameter = FILES.get(agentClass);
        String value = parameter == null ? null : env.get(PREFIX + parameter);
        if (value == null || value.isBlank() || !value.strip().startsWith("/")) {
            return null; // the default lies in HA_RSCTMP, checked for every agent; a relative path fails the same here
        }
        Path dir = Path.of(value.strip()).normalize().getParent();
        if (dir == null || !client.sees(dir)) {
            return "client's " + parameter + " directory is not the directory the daemon sees there";
        }
        if (!Files.isWritable(dir)) {
            return "the daemon cannot write the " + parameter + " directory " + dir + " (read-only in its sandbox?)";
        }
        return null;
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length != 1) {
            System.err.println("usage: ResidentPolicy AGENT_CLASS");
            System.exit(2);
        }
        System.out.println(String.join(" ", served(args[0])));
        System.out.println(String.join(" ", secretVariables(args[0])));
    }
}
