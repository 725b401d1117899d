package io.clonevip.ocf;

import java.util.Objects;

/**
 * The one way an OCF action fails: an exit code and a one-line reason. The dispatcher
 * ({@link OcfMain}) prints the reason once as {@code ocf-exit-reason:<reason>} on stderr and
 * exits with the code. The reason must never contain a secret.
 */
public final class OcfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final OcfExitCode code;

    public OcfException(OcfExitCode code, String reason) {
        this(code, reason, null);
    }

    public OcfException(OcfExitCode code, String reason, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason"), cause);
        if (Objects.requireNonNull(code, "code") == OcfExitCode.SUCCESS) {
            throw new IllegalArgumentException("an OcfException cannot carry SUCCESS");
        }
        this.code = code;
    }

    public OcfExitCode code() {
        return code;
    }

    /** The text after {@code ocf-exit-reason:}. */
    public String reason() {
        return getMessage();
    }

    /** {@link OcfExitCode#ERR_GENERIC}: the action failed. */
    public static OcfException generic(String reason) {
        return new OcfException(OcfExitCode.ERR_GENERIC, reason);
    }

    /** {@link OcfExitCode#ERR_CONFIGURED}: the configuration is wrong (hard error on any node). */
    public static OcfException configured(String reason) {
        return new OcfException(OcfExitCode.ERR_CONFIGURED, reason);
    }

    /** {@link OcfExitCode#ERR_INSTALLED}: something is missing on this node. */
    public static OcfException installed(String reason) {
        return new OcfException(OcfExitCode.ERR_INSTALLED, reason);
    }

    /** {@link OcfExitCode#ERR_PERM}: insufficient privileges. */
    public static OcfException perm(String reason) {
        return new OcfException(OcfExitCode.ERR_PERM, reason);
    }

    /** {@link OcfExitCode#ERR_ARGS}: wrong command-line arguments. */
    public static OcfException args(String reason) {
        return new OcfException(OcfExitCode.ERR_ARGS, reason);
    }

    /** {@link OcfExitCode#ERR_UNIMPLEMENTED}: the action is not supported. */
    public static OcfException unimplemented(String reason) {
        return new OcfException(OcfExitCode.ERR_UNIMPLEMENTED, reason);
    }
}
