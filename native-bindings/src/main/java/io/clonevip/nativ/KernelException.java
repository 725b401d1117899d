package io.clonevip.nativ;

/**
 * The one exception for errors the kernel reports: a failed system call or a netlink error
 * reply. It carries the operation that failed, the errno (callers switch on {@link #errno()},
 * never on message text), and, for netlink, the kernel's extended-ack message and offset.
 *
 * <p>Malformed replies (truncated, lengths that do not add up) are reported with
 * {@link Errno#EBADMSG}; timeouts with {@link Errno#ETIMEDOUT}.
 */
public final class KernelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final Errno errno;
    private final int rawErrno;
    private final String kernelMessage;
    private final int kernelOffset;

    public KernelException(String operation, int rawErrno, String kernelMessage, int kernelOffset) {
        super(format(operation, rawErrno, kernelMessage));
        this.operation = operation;
        this.rawErrno = Math.abs(rawErrno);
        this.errno = Errno.valueOf(rawErrno);
        this.kernelMessage = kernelMessage;
        this.kernelOffset = kernelOffset;
    }

    public KernelException(String operation, Errno errno, String detail) {
        this(operation, errno.number(), detail, -1);
    }

    public static KernelException of(String operation, int rawErrno) {
        return new KernelException(operation, rawErrno, null, -1);
    }

    /** A reply that does not parse: the message says what is wrong. */
    public static KernelException malformed(String operation, String what) {
        return new KernelException(operation, Errno.EBADMSG.number(), what, -1);
    }

    public String operation() { return operation; }
    public Errno errno() { return errno; }
    public int rawErrno() { return rawErrno; }
    /** The kernel's extended-ack text (or our detail for local errors); null if none. */
    public String kernelMessage() { return kernelMessage; }
    /** Offset of the offending attribute in the request as the kernel reported it; -1 if none. */
    public int kernelOffset() { return kernelOffset; }

    public boolean is(Errno e) { return errno == e; }

    private static String format(String op, int raw, String msg) {
        Errno e = Errno.valueOf(raw);
        String name = e == Errno.UNKNOWN ? "errno " + Math.abs(raw) : e.name() + " (" + e.description() + ")";
        return op + ": " + name + (msg == null || msg.isEmpty() ? "" : ": " + msg);
    }
}
