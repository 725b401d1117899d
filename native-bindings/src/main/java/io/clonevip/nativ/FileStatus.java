package io.clonevip.nativ;

import io.clonevip.nativ.bind.libc_h;

/**
 * What {@link Syscalls#fstat(int)} reports of an open file: its mode (type and permission bits,
 * as {@code st_mode}) and owner.
 */
public record FileStatus(int mode, int uid) {

    public boolean isRegularFile() {
        return (mode & libc_h.S_IFMT()) == libc_h.S_IFREG();
    }

    /** The permission bits ({@code mode & 07777}). */
    public int permissions() {
        return mode & 07777;
    }
}
