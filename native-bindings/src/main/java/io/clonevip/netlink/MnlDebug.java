package io.clonevip.netlink;

import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.libmnl_h;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * Formats netlink messages exactly as libmnl's {@code mnl_nlmsg_fprintf} does, by calling it
 * (through {@code open_memstream}), so the output diffs cleanly against {@code nft --debug=mnl}.
 * libmnl is loaded only when this is used.
 */
public final class MnlDebug {
    private MnlDebug() {}

    private static final class H {
        static final Linker L = Linker.nativeLinker();
        static final MethodHandle PRINT = L.downcallHandle(libmnl_h.mnl_nlmsg_fprintf$address(), libmnl_h.mnl_nlmsg_fprintf$descriptor());
        static final MethodHandle OPEN = L.downcallHandle(libc_h.open_memstream$address(), libc_h.open_memstream$descriptor());
        static final MethodHandle CLOSE = L.downcallHandle(libc_h.fclose$address(), libc_h.fclose$descriptor());
        static final MethodHandle FREE = L.downcallHandle(libc_h.free$address(), libc_h.free$descriptor());
    }

    /** libmnl's rendering of {@code data} (one or more messages). */
    public static String format(byte[] data, int extraHeaderSize) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(data.length, 8);
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment ptr = a.allocate(ValueLayout.ADDRESS);
            MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment file = (MemorySegment) H.OPEN.invokeExact(ptr, size);
            if (file.equals(MemorySegment.NULL)) return "(open_memstream failed)";
            H.PRINT.invokeExact(file, buf, (long) data.length, (long) extraHeaderSize);
            int ignored = (int) H.CLOSE.invokeExact(file);
            MemorySegment text = ptr.get(ValueLayout.ADDRESS, 0).reinterpret(size.get(ValueLayout.JAVA_LONG, 0) + 1);
            String s = new String(text.toArray(ValueLayout.JAVA_BYTE), 0, (int) size.get(ValueLayout.JAVA_LONG, 0), StandardCharsets.UTF_8);
            H.FREE.invokeExact(text);
            return s;
        } catch (Throwable t) {
            if (t instanceof Error e) throw e;
            return "(libmnl printer unavailable: " + t.getMessage() + ")";
        }
    }

    /** Prints {@code data} on stderr under a heading. */
    public static void print(String heading, byte[] data, int extraHeaderSize) {
        System.err.println("-- " + heading);
        System.err.print(format(data, extraHeaderSize));
        System.err.flush();
    }
}
