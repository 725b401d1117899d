package io.clonevip.agent.mysql;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Classifies a driver exception into a {@link ProbeError} by error code, SQLState and cause type
 * (never by message text), with a one-line detail for the log from which the password is scrubbed.
 *
 * @param keepConnection true when the server answered with an error and the session is still usable
 */
public record ProbeFailure(ProbeError error, String detail, boolean keepConnection) {

    public static ProbeFailure of(SQLException e, Secret password) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ProbeError error;
        boolean keep = false;
        if (hasCause(e, SocketTimeoutException.class) || e instanceof SQLTimeoutException) {
            error = ProbeError.TIMEOUT;
        } else if (code == 1045 || code == 1044 || code == 1698 || code == 1130 || code == 1129) {
            error = ProbeError.ACCESS_DENIED;
        } else if (code == 1040 || code == 1203) {
            error = ProbeError.TOO_MANY_CONNECTIONS;
        } else if (code == 1047) {
            error = ProbeError.WSREP_NOT_READY;
            keep = true;
        } else if (state.startsWith("08") || code == 0 && (hasCause(e, ConnectException.class)
                || hasCause(e, NoRouteToHostException.class) || hasCause(e, UnknownHostException.class)
                || hasCause(e, java.io.IOException.class))) {
            error = ProbeError.UNREACHABLE;
        } else {
            error = ProbeError.QUERY_FAILED;
            keep = code > 0;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
        String detail = "error " + code + (state.isEmpty() ? "" : " (" + state + ")") + ": " + password.scrub(message);
        return new ProbeFailure(error, detail, keep);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
