package io.clonevip.ocf;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Pacemaker hands an agent through the environment: the agent's declared parameters
 * ({@code OCF_RESKEY_<name>}) here, operation and clone meta attributes and the OCF variables in
 * {@link OcfVariables}.
 * Built from a map ({@link System#getenv()} in production, plain maps in tests).
 *
 * <p>Typed getters apply the declared default and fail with {@link OcfExitCode#ERR_CONFIGURED}
 * and a reason naming the parameter; values of secret parameters never appear in a reason.
 * Defaults may contain {@code ${HA_RSCTMP}}, {@code ${OCF_RESOURCE_INSTANCE}} and
 * {@code ${OCF_ROOT}}, expanded here (meta-data and docs show them literally).
 */
public final class OcfEnv extends OcfVariables {
    static final String PARAM_PREFIX = "OCF_RESKEY_";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(HA_RSCTMP|OCF_RESOURCE_INSTANCE|OCF_ROOT)}");

    private final AgentMetaData metaData;
    private final OcfLog log;

    private OcfEnv(Map<String, String> env, OcfAction action, AgentMetaData metaData, PrintStream err) {
        super(env, action);
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

    public AgentMetaData metaData() {
        return metaData;
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

    /** A {@link ParameterType#TIME} parameter ({@link TimeValue}) within [min, max]. */
    public Duration duration(String name, Duration min, Duration max) {
        String v = string(name).strip();
        Duration d = TimeValue.parse(v).orElseThrow(() -> invalid(name, v, "must be a duration (e.g. 500ms, 2s, 1m)"));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(name, v, "must be between " + TimeValue.show(min) + " and " + TimeValue.show(max));
        }
        return d;
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
                case TIME -> duration(p.name(), Duration.ZERO, Duration.ofDays(365));
                case STRING -> string(p.name());
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

    /**
     * The ERR_CONFIGURED failure of a parameter whose value is wrong: {@code parameter 'name' what,
     * got 'value'}, the value left out for a secret parameter. For agents' own checks too.
     */
    public OcfException invalid(String name, String value, String what) {
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

    /** Never prints values: parameters and meta attributes are listed by name only. */
    @Override
    public String toString() {
        return "OcfEnv[" + metaData.name() + " " + action().ocfName() + " " + resourceInstance() + "]";
    }
}
