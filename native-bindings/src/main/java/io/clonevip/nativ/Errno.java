package io.clonevip.nativ;

/** The errno values clonevip branches on or reports, with their Linux numbers. */
public enum Errno {
    EPERM(1, "operation not permitted"),
    ENOENT(2, "no such file or directory"),
    ESRCH(3, "no such process"),
    EINTR(4, "interrupted"),
    EIO(5, "input/output error"),
    ENXIO(6, "no such device or address"),
    E2BIG(7, "argument list too long"),
    EBADF(9, "bad file descriptor"),
    EAGAIN(11, "resource temporarily unavailable"),
    ENOMEM(12, "out of memory"),
    EACCES(13, "permission denied"),
    EFAULT(14, "bad address"),
    EBUSY(16, "device or resource busy"),
    EEXIST(17, "already exists"),
    ENODEV(19, "no such device"),
    ENOTDIR(20, "not a directory"),
    EINVAL(22, "invalid argument"),
    EMFILE(24, "too many open files"),
    ENOSPC(28, "no space left"),
    ERANGE(34, "result out of range"),
    ENOSYS(38, "function not implemented"),
    ENOTEMPTY(39, "not empty"),
    ELOOP(40, "too many levels of symbolic links"),
    ENODATA(61, "no data available"),
    EPROTO(71, "protocol error"),
    EBADMSG(74, "bad message"),
    EOVERFLOW(75, "value too large"),
    ERESTART(85, "interrupted, should be restarted"),
    EMSGSIZE(90, "message too long"),
    EPROTONOSUPPORT(93, "protocol not supported"),
    EOPNOTSUPP(95, "operation not supported"),
    EAFNOSUPPORT(97, "address family not supported"),
    EADDRINUSE(98, "address already in use"),
    EADDRNOTAVAIL(99, "address not available"),
    ENETDOWN(100, "network is down"),
    ENETUNREACH(101, "network is unreachable"),
    ENOBUFS(105, "no buffer space available"),
    ETIMEDOUT(110, "timed out"),
    ECONNREFUSED(111, "connection refused"),
    EHOSTUNREACH(113, "no route to host"),
    EALREADY(114, "operation already in progress"),
    ESTALE(116, "stale handle"),
    ENOTSUPP(524, "operation not supported (kernel internal)"),
    UNKNOWN(-1, "unknown error");

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The Linux errno number; -1 for {@link #UNKNOWN}. */
    public int number() { return number; }

    /** A short lower-case description, like strerror's. */
    public String description() { return description; }

    /** The constant for a (positive) errno number; {@link #UNKNOWN} for numbers not listed. */
    public static Errno valueOf(int number) {
        int n = Math.abs(number);
        for (Errno e : values()) {
            if (e.number == n) return e;
        }
        return UNKNOWN;
    }
}
