package io.clonevip.ocf;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Pacemaker hands an agent through the environment: parameters
 * ({@code OCF_RESKEY_<name>}), operation and clone meta attributes
 * ({@code OCF_RESKEY_CRM_meta_<name>}, dashes as underscores), and the OCF variables.
 * Built from a map ({@link System#getenv()} in production, plain maps in tests).
 *
 * <p>Typed getters apply the declared default and fail with {@link OcfExitCode#ERR_CONFIGURED}
 * and a reason naming the parameter; values of secret parameters never appear in a reason.
 * Defaults may contain {@code ${HA_RSCTMP}}, {@code ${OCF_RESOURCE_INSTANCE}} and
 * {@code ${OCF_ROOT}}, expanded here (meta-data and docs show them literally).
 */
public final class OcfEnv {
    static final String PARAM_PREFIX = "OCF_RESKEY_";
    static final String META_PREFIX = "OCF_RESKEY_CRM_meta_";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(HA_RSCTMP|OCF_RESOURCE_INSTANCE|OCF_ROOT)}");
    private static final Set<String> TRUE = Set.of("yes", "true", "1", "on", "ja");
    private static final Set<String> FALSE = Set.of("no", "false", "0", "off", "nein");

    private final Map<String, String> env;
    private final OcfAction action;
    private final AgentMetaData metaData;
    private final OcfLog log;

    private OcfEnv(Map<String, String> env, OcfAction action, AgentMetaData metaData, PrintStream err) {
        this.env = Map.copyOf(env);
        this.action = Objects.requireNonNull(action, "action");
        this.metaData = Objects.requireNonNull(metaData, "metaData");
        this.log = new OcfLog(err, metaData.name(), resourceInstance(), debug(), secretValues());
    }

    /** The environment of one action of the agent described by {@code metaData}; logs to {@code err}. */
    public static OcfEnv of(Map<String, String> env, OcfAction action, AgentMetaData metaData, PrintStream err) {
        return new OcfEnv(env, action, metaData, err);
    }

    /** As {@link #of(Map, OcfAction, AgentMetaData, PrintStream)}, logging to {@link System#err}. */
    public static OcfEnv of(Map<String, String> env, OcfAction action, AgentMetaData metaData) {
        return new OcfEnv(env, action, metaData, System.err);
    }

    /** The log of this action (stderr, secrets masked). */
    public OcfLog log() {
        return log;
    }

    public OcfAction action() {
        return action;
    }

    public AgentMetaData metaData() {
        return metaData;
    }

    /** The whole environment the action was started with (not necessarily this process's own). */
    public Map<String, String> variables() {
        return env;
    }

    /** Any environment variable, e.g. {@code PATH}. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(env.get(name));
    }

    // ---- parameters ------------------------------------------------------------------------

    /** The value Pacemaker passed for this parameter (or a deprecated alias), without default. */
    public Optional<String> explicit(String name) {
        Parameter p = declared(name);
        String v = env.get(PARAM_PREFIX + name);
        for (int i = 0; v == null && i < p.aliases().size(); i++) {
            v = env.get(PARAM_PREFIX + p.aliases().get(i));
        }
        return Optional.ofNullable(v);
    }

    /** The value or the declared default; empty when neither exists. */
    public Optional<String> optional(String name) {
        Parameter p = declared(name);
        return explicit(name).or(() -> Optional.ofNullable(p.defaultValue()).map(this::expand));
    }

    /** The value or the default; a missing value fails with ERR_CONFIGURED. */
    public String string(String name) {
        return optional(name).orElseThrow(() -> OcfException.configured("parameter '" + name + "' is required"));
    }

    /** An integer parameter. */
    public int integer(String name) {
        String v = string(name).strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(name, v, "must be an integer");
        }
    }

    /** An integer parameter within [min, max]. */
    public int integer(String name, int min, int max) {
        int v = integer(name);
        if (v < min || v > max) {
            throw invalid(name, Integer.toString(v), "must be between " + min + " and " + max);
        }
        return v;
    }

    /** A boolean parameter: yes/true/1/on or no/false/0/off, any case. */
    public boolean bool(String name) {
        String v = string(name).strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(v)) {
            return true;
        }
        if (FALSE.contains(v)) {
            return false;
        }
        throw invalid(name, v, "must be a boolean (true/false, yes/no, 1/0, on/off)");
    }

    /** A select parameter: one of its declared choices. */
    public String choice(String name) {
        Parameter p = declared(name);
        String v = string(name).strip();
        if (!p.choices().contains(v)) {
            throw invalid(name, v, "must be one of " + String.join(", ", p.choices()));
        }
        return v;
    }

    /** Checks every declared parameter against its type, choices and requiredness. */
    public void checkParameters() {
        for (Parameter p : metaData.parameters()) {
            if (p.required()) {
                string(p.name());
            }
            if (optional(p.name()).isEmpty()) {
                continue;
            }
            switch (p.type()) {
                case INTEGER -> integer(p.name());
                case BOOLEAN -> bool(p.name());
                case SELECT -> choice(p.name());
                case STRING, TIME -> string(p.name());
            }
        }
    }

    /** The values of secret parameters that are set, for masking in any printed text. */
    public Set<String> secretValues() {
        Set<String> out = new LinkedHashSet<>();
        for (Parameter p : metaData.parameters()) {
            if (p.secret()) {
                explicit(p.name()).filter(v -> !v.isEmpty()).ifPresent(out::add);
            }
        }
        return out;
    }

    private OcfException invalid(String name, String value, String what) {
        boolean secret = declared(name).secret();
        return OcfException.configured("parameter '" + name + "' " + what
                + (secret ? " (value not shown: secret)" : ", got '" + value + "'"));
    }

    private Parameter declared(String name) {
        return metaData.parameter(name).orElseThrow(
                () -> new IllegalArgumentException(metaData.name() + " declares no parameter " + name));
    }

    private String expand(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "HA_RSCTMP" -> rscTmp().toString();
                case "OCF_RESOURCE_INSTANCE" -> resourceInstance();
                default -> ocfRoot().toString();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    // ---- meta attributes and OCF variables ------------------------------------------------

    /** A meta attribute, e.g. {@code meta("clone_max")} for {@code OCF_RESKEY_CRM_meta_clone_max}. */
    public Optional<String> meta(String name) {
        return Optional.ofNullable(env.get(META_PREFIX + name.replace('-', '_')));
    }

    private OptionalLong metaLong(String name) {
        Optional<String> v = meta(name);
        if (v.isEmpty() || v.get().isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.get().strip()));
        } catch (NumberFormatException e) {
            throw OcfException.configured("meta attribute '" + name + "' must be an integer, got '" + v.get() + "'");
        }
    }

    private OptionalInt metaInt(String name) {
        OptionalLong v = metaLong(name);
        return v.isPresent() ? OptionalInt.of(Math.toIntExact(v.getAsLong())) : OptionalInt.empty();
    }

    /** {@code CRM_meta_clone}: this instance's number (0-based) in a clone. */
    public OptionalInt cloneNumber() {
        return metaInt("clone");
    }

    /** {@code CRM_meta_clone_max}. */
    public OptionalInt cloneMax() {
        return metaInt("clone_max");
    }

    /** {@code CRM_meta_clone_node_max}. */
    public OptionalInt cloneNodeMax() {
        return metaInt("clone_node_max");
    }

    /** Whether the resource runs as a clone. */
    public boolean isClone() {
        return cloneMax().isPresent();
    }

    /** {@code CRM_meta_globally_unique}. */
    public boolean globallyUnique() {
        return meta("globally_unique").map(v -> TRUE.contains(v.strip().toLowerCase(Locale.ROOT))).orElse(false);
    }

    /** {@code CRM_meta_notify}. */
    public boolean notifyEnabled() {
        return meta("notify").map(v -> TRUE.contains(v.strip().toLowerCase(Locale.ROOT))).orElse(false);
    }

    /** {@code CRM_meta_interval} in milliseconds, 0 when absent. */
    public long intervalMillis() {
        return metaLong("interval").orElse(0);
    }

    /** {@code CRM_meta_timeout} in milliseconds. */
    public OptionalLong timeoutMillis() {
        return metaLong("timeout");
    }

    /** A probe: a monitor with interval 0. */
    public boolean isProbe() {
        return (action == OcfAction.MONITOR || action == OcfAction.STATUS) && intervalMillis() == 0;
    }

    /** {@code OCF_RESOURCE_INSTANCE}, {@code undef} when absent (as ocf-shellfuncs). */
    public String resourceInstance() {
        String v = env.get("OCF_RESOURCE_INSTANCE");
        return v == null || v.isEmpty() ? "undef" : v;
    }

    /** {@code OCF_ROOT}, default {@code /usr/lib/ocf}. */
    public Path ocfRoot() {
        return Path.of(env.getOrDefault("OCF_ROOT", "/usr/lib/ocf"));
    }

    /** {@code HA_RSCTMP}, default {@code /run/resource-agents}. */
    public Path rscTmp() {
        String v = env.get("HA_RSCTMP");
        return Path.of(v == null || v.isEmpty() ? "/run/resource-agents" : v);
    }

    /** {@code OCF_CHECK_LEVEL} (monitor depth), 0 when absent. */
    public int checkLevel() {
        String v = env.get("OCF_CHECK_LEVEL");
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw OcfException.configured("OCF_CHECK_LEVEL must be an integer, got '" + v + "'");
        }
    }

    /** {@code OCF_TRACE_RA} is set (not 0): stack traces and debug logging are printed. */
    public boolean trace() {
        String v = env.get("OCF_TRACE_RA");
        return v != null && !v.isEmpty() && !"0".equals(v);
    }

    /** Debug logging: {@code HA_debug=1} or tracing. */
    public boolean debug() {
        return "1".equals(env.get("HA_debug")) || trace();
    }

    /** Never prints values: parameters and meta attributes are listed by name only. */
    @Override
    public String toString() {
        return "OcfEnv[" + metaData.name() + " " + action.ocfName() + " " + resourceInstance() + "]";
    }
}
