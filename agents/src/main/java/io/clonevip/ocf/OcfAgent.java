package io.clonevip.ocf;

/**
 * An OCF resource agent. {@link OcfMain} maps the command-line action to these methods;
 * every failure is an {@link OcfException} carrying the exit code and the exit reason.
 * Implementations need a public no-argument constructor that does no work (it also runs for
 * {@code meta-data}, as any user, before validation).
 *
 * <p>Before {@code start}, {@code stop}, {@code monitor}, {@code reload} and
 * {@code validate-all}, the dispatcher checks the declared parameters
 * ({@link OcfEnv#checkParameters()}) and then calls {@link #validateAll}. A probe whose
 * validation fails with ERR_INSTALLED or ERR_CONFIGURED returns NOT_RUNNING; a stop whose
 * validation fails with ERR_INSTALLED returns SUCCESS (nothing of this agent can run there), and
 * one whose validation fails with ERR_CONFIGURED calls {@link #stopUnconfigured} and returns
 * SUCCESS: start refuses the same parameters, so they never started anything, and a stop that
 * failed over a typo would leave the resource blocked (or the node fenced).
 */
public interface OcfAgent {

    /** The declarative meta-data; cheap, constant, independent of the environment. */
    AgentMetaData metaData();

    /**
     * Checks beyond the declared types: files, binaries, kernel features, combinations of
     * parameters. Must not change anything. Throw ERR_CONFIGURED for a configuration that
     * is wrong everywhere, ERR_INSTALLED for something missing on this node, ERR_PERM for
     * missing privileges.
     */
    default void validateAll(OcfEnv env) {
    }

    /** Brings the resource up; succeeds when it is already running. */
    void start(OcfEnv env);

    /** Brings the resource down; succeeds when it is already stopped. */
    void stop(OcfEnv env);

    /**
     * Stop when the parameters do not validate ({@code why}, ERR_CONFIGURED). Start validates
     * the same way, so nothing was started with these parameters: the default changes nothing.
     * An agent may remove what the parameters that do validate identify as this very instance
     * (never anything else); a failure here is a real failure of the stop.
     */
    default void stopUnconfigured(OcfEnv env, OcfException why) {
    }

    /**
     * Reports the state: {@link OcfExitCode#SUCCESS}, {@link OcfExitCode#NOT_RUNNING},
     * {@link OcfExitCode#RUNNING_MASTER}, {@link OcfExitCode#DEGRADED}, … ; a failed resource
     * is reported by throwing (ERR_GENERIC with the reason). {@link OcfEnv#checkLevel()} is
     * the requested depth, {@link OcfEnv#isProbe()} tells a probe.
     */
    OcfExitCode monitor(OcfEnv env);

    /** Applies changed non-unique parameters without a restart (optional). */
    default void reload(OcfEnv env) {
        throw OcfException.unimplemented("reload is not supported by " + metaData().name());
    }

    /** Clone notification (optional). */
    default void notify(OcfEnv env) {
        throw OcfException.unimplemented("notify is not supported by " + metaData().name());
    }

    /** Promotion of a promotable clone instance (optional). */
    default void promote(OcfEnv env) {
        throw OcfException.unimplemented("promote is not supported by " + metaData().name());
    }

    /** Demotion of a promotable clone instance (optional). */
    default void demote(OcfEnv env) {
        throw OcfException.unimplemented("demote is not supported by " + metaData().name());
    }
}
