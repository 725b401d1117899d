package io.clonevip.clusterip;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.Syscalls;
import io.clonevip.nativ.bind.ip_tables_h;
import io.clonevip.nativ.bind.ipt_get_entries;
import io.clonevip.nativ.bind.ipt_getinfo;
import io.clonevip.nativ.bind.ipt_replace;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.xt_counters;
import io.clonevip.nativ.bind.xt_counters_info;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The legacy iptables ABI: socket options on a raw IPv4 socket, as libiptc uses them.
 * {@code IPT_SO_GET_INFO} + {@code IPT_SO_GET_ENTRIES} read a table; {@code IPT_SO_SET_REPLACE}
 * swaps the whole table atomically and hands back the old table's counters, which
 * {@code IPT_SO_SET_ADD_COUNTERS} then adds to the entries that were kept. The socket belongs to
 * the network namespace of the thread that opened it.
 */
public final class IptSocket implements AutoCloseable {
    /** getsockopt's answer when no module handles the IPT_SO_* options (ip_tables not loaded). */
    private static final int ENOPROTOOPT = 92;
    private final int fd;

    private IptSocket(int fd) { this.fd = fd; }

    /** Opens the socket in the calling thread's network namespace. */
    public static IptSocket open() throws KernelException {
        return new IptSocket(Syscalls.socket(libc_h.AF_INET(), libc_h.SOCK_RAW() | libc_h.SOCK_CLOEXEC(), ip_tables_h.IPPROTO_RAW()));
    }

    /** Reads table {@code name} (e.g. "filter"); retries while it changes between the two calls. */
    public IptTable read(String name) throws KernelException {
        for (int attempt = 0; ; attempt++) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment info = a.allocate(ipt_getinfo.layout());
                putName(ipt_getinfo.name(info), name);
                try {
                    Syscalls.getsockopt(fd, ip_tables_h.SOL_IP(), ip_tables_h.IPT_SO_GET_INFO(), info);
                } catch (KernelException e) {
                    if (e.rawErrno() == ENOPROTOOPT) {
                        throw new KernelException("iptables table " + name, e.rawErrno(),
                                "the kernel's legacy iptables is not loaded (modprobe ip_tables)", -1);
                    }
                    if (e.is(Errno.ENOENT)) {
                        throw new KernelException("iptables table " + name, e.rawErrno(), "no such table in this kernel", -1);
                    }
                    throw e;
                }
                int size = ipt_getinfo.size(info);
                int hooks = ip_tables_h.NF_INET_NUMHOOKS();
                int[] he = new int[hooks];
                int[] uf = new int[hooks];
                for (int h = 0; h < hooks; h++) {
                    he[h] = ipt_getinfo.hook_entry(info, h);
                    uf[h] = ipt_getinfo.underflow(info, h);
                }
                MemorySegment get = a.allocate(ipt_get_entries.sizeof() + size, 8);
                putName(ipt_get_entries.name(get), name);
                ipt_get_entries.size(get, size);
                try {
                    Syscalls.getsockopt(fd, ip_tables_h.SOL_IP(), ip_tables_h.IPT_SO_GET_ENTRIES(), get);
                } catch (KernelException e) {
                    if (e.is(Errno.EAGAIN) && attempt < 10) continue;   // the table changed size meanwhile
                    throw e;
                }
                return IptTable.parse(name, ipt_getinfo.valid_hooks(info), he, uf,
                        get.asSlice(ipt_get_entries.entrytable$offset(), size), size);
            }
        }
    }

    /**
     * Replaces {@code old} (as read) by {@code replacement} in one {@code IPT_SO_SET_REPLACE},
     * then gives every kept entry its counters back. Fails with {@link Errno#EAGAIN} when the
     * kernel's table no longer has {@code old}'s number of entries (someone changed it).
     */
    public void replace(IptTable old, IptTable replacement) throws KernelException {
        IptTable.Layout layout = replacement.layout();
        List<IptEntry> oldEntries = old.entries();
        List<IptEntry> newEntries = replacement.entries();
        long counterSize = xt_counters.sizeof();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment oldCounters = a.allocate(counterSize * oldEntries.size(), 8);
            MemorySegment repl = a.allocate(ipt_replace.sizeof() + layout.size(), 8);
            putName(ipt_replace.name(repl), replacement.name());
            ipt_replace.valid_hooks(repl, replacement.validHooks());
            ipt_replace.num_entries(repl, newEntries.size());
            ipt_replace.size(repl, layout.size());
            for (int h = 0; h < ip_tables_h.NF_INET_NUMHOOKS(); h++) {
                ipt_replace.hook_entry(repl, h, layout.hookEntry()[h]);
                ipt_replace.underflow(repl, h, layout.underflow()[h]);
            }
            ipt_replace.num_counters(repl, oldEntries.size());
            ipt_replace.counters(repl, oldCounters);
            replacement.writeEntries(repl.asSlice(ipt_replace.entries$offset()), layout);
            try {
                Syscalls.setsockopt(fd, ip_tables_h.SOL_IP(), ip_tables_h.IPT_SO_SET_REPLACE(), repl);
            } catch (KernelException e) {
                throw new KernelException("iptables replace of table " + replacement.name(), e.rawErrno(),
                        e.is(Errno.EAGAIN) ? "the table changed meanwhile" : "the kernel log says why", -1);
            }
            MemorySegment add = a.allocate(xt_counters_info.sizeof() + counterSize * newEntries.size(), 8);
            putName(xt_counters_info.name(add), replacement.name());
            xt_counters_info.num_counters(add, newEntries.size());
            MemorySegment addCounters = add.asSlice(xt_counters_info.counters$offset());
            for (int i = 0; i < newEntries.size(); i++) {
                int was = old.indexOf(newEntries.get(i));
                if (was < 0) continue;
                MemorySegment from = oldCounters.asSlice(was * counterSize, counterSize);
                MemorySegment.copy(from, 0, addCounters, i * counterSize, counterSize);
            }
            Syscalls.setsockopt(fd, ip_tables_h.SOL_IP(), ip_tables_h.IPT_SO_SET_ADD_COUNTERS(), add);
        }
    }

    private static void putName(MemorySegment field, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= field.byteSize()) throw new IllegalArgumentException("name too long: " + name);
        field.fill((byte) 0);
        MemorySegment.copy(b, 0, field, ValueLayout.JAVA_BYTE, 0, b.length);
    }

    @Override
    public void close() {
        Syscalls.close(fd);
    }
}
