package io.clonevip.ocf;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The part of an action's environment that is the same for every agent: the action, the
 * operation and clone meta attributes ({@code OCF_RESKEY_CRM_meta_<name>}, dashes as
 * underscores) and the OCF variables ({@code OCF_RESOURCE_INSTANCE}, {@code HA_RSCTMP},
 * {@code OCF_CHECK_LEVEL}, ...). {@link OcfEnv} adds the agent's declared parameters.
 */
public abstract sealed class OcfVariables permits OcfEnv {
    static final String META_PREFIX = "OCF_RESKEY_CRM_meta_";
    static final Set<String> TRUE = Set.of("yes", "true", "1", "on", "ja");
    static final Set<String> FALSE = Set.of("no", "false", "0", "off", "nein");

    final Map<String, String> env;
    private final OcfAction action;

    OcfVariables(Map<String, String> env, OcfAction action) {
        this.env = Map.copyOf(env);
        this.action = Objects.requireNonNull(action, "action");
    }

    public OcfAction action() {
        return action;
    }

    /** The whole environment the action was started with (not necessarily this process's own). */
    public Map<String, String> variables() {
        return env;
    }

    /** Any environment variable, e.g. {@code PATH}. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(env.get(name));
    }

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

    /**
     * {@code OCF_CHECK_LEVEL} mapped onto the depths an agent supports (ascending, the first
     * 0): an unsupported level acts as the nearest lower supported one (the OCF rule), so with
     * 0 and 10, 1..9 are 0 and anything from 10 up (however many digits) is 10. A value that is
     * not a plain decimal number (a sign, blanks, letters) is 0: a monitor never fails over it.
     */
    public int checkLevel(int... supported) {
        String v = env.getOrDefault("OCF_CHECK_LEVEL", "");
        int level = supported[0];
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return level;
        }
        String digits = v.replaceFirst("^0+(?=.)", "");
        long requested = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        for (int s : supported) {
            if (s <= requested) {
                level = s;
            }
        }
        return level;
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
}
