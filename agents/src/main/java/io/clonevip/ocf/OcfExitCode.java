package io.clonevip.ocf;

/**
 * The exit codes of the OCF resource agent API, with the values of resource-agents'
 * {@code ocf-returncodes} (0..9) and Pacemaker's {@code PCMK_OCF_DEGRADED*} (190, 191).
 */
public enum OcfExitCode {
    SUCCESS(0),
    ERR_GENERIC(1),
    ERR_ARGS(2),
    ERR_UNIMPLEMENTED(3),
    ERR_PERM(4),
    ERR_INSTALLED(5),
    ERR_CONFIGURED(6),
    NOT_RUNNING(7),
    RUNNING_MASTER(8),
    FAILED_MASTER(9),
    DEGRADED(190),
    DEGRADED_MASTER(191);

    private final int code;

    OcfExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /**
     * The constant with this numeric value.
     *
     * @throws IllegalArgumentException if no OCF exit code has this value
     */
    public static OcfExitCode valueOf(int code) {
        for (OcfExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("not an OCF exit code: " + code);
    }

    /** {@code OCF_SUCCESS}, {@code OCF_ERR_GENERIC}, … as the shell library names it. */
    public String shellName() {
        return "OCF_" + name();
    }
}
