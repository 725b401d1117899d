package io.clonevip.agent.mysql;

/**
 * A parameter of mysql_monitor is missing, malformed or unsafe. The message names the parameter
 * and never contains a secret. {@link #exitCode()} is the OCF exit code (6 = ERR_CONFIGURED,
 * 4 = ERR_PERM, 5 = ERR_INSTALLED); the OCF framework maps it once the agents are wired together.
 */
public final class MonitorConfigException extends Exception {
    public static final int OCF_ERR_PERM = 4;
    public static final int OCF_ERR_INSTALLED = 5;
    public static final int OCF_ERR_CONFIGURED = 6;

    private final String parameter;
    private final int exitCode;

    public MonitorConfigException(String parameter, String message, int exitCode) {
        super(parameter + ": " + message, null, false, false);
        this.parameter = parameter;
        this.exitCode = exitCode;
    }

    public MonitorConfigException(String parameter, String message) {
        this(parameter, message, OCF_ERR_CONFIGURED);
    }

    public String parameter() {
        return parameter;
    }

    public int exitCode() {
        return exitCode;
    }
}
