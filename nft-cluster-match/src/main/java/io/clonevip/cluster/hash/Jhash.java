package io.clonevip.cluster.hash;

/**
 * Exact Java model of the Linux kernel's Jenkins hash, {@code include/linux/jhash.h}
 * (lookup3, as modified for the kernel by Jozsef Kadlecsik), and of
 * {@code reciprocal_scale()} from {@code include/linux/kernel.h}.
 *
 * <p>All values are {@code u32} in the kernel; here they are Java {@code int}s holding the same
 * 32 bits (arithmetic wraps identically). Seeds given as {@code long} elsewhere are passed here
 * as {@code (int) seed}.
 *
 * <p>Byte order: the kernel's {@code jhash()} reads the full 12-byte blocks of the key with
 * {@code get_unaligned((u32 *)k)}, i.e. in CPU byte order, and the last block (1..12 bytes)
 * byte by byte in its {@code switch}, which assembles little-endian words on every CPU. This
 * class models a little-endian CPU (x86-64, little-endian arm64), where both agree; on a
 * big-endian CPU the kernel's result differs for keys longer than 12 bytes.
 *
 * <p>Every method is allocation-free.
 */
public final class Jhash {

    /** {@code JHASH_INITVAL}: "an arbitrary initial parameter". */
    public static final int JHASH_INITVAL = 0xdeadbeef;

    private Jhash() {
    }

    /**
     * {@code jhash(key, length, initval)} over {@code key[0..length)}.
     *
     * @throws IndexOutOfBoundsException if {@code length} exceeds the array
     */
    public static int jhash(byte[] key, int length, int initval) {
        return jhash(key, 0, length, initval);
    }

    /**
     * {@code jhash(key + offset, length, initval)}: the kernel's generic byte-key hash.
     *
     * @throws IndexOutOfBoundsException if the range lies outside the array
     */
    @SuppressWarnings("fallthrough")
    public static int jhash(byte[] key, int offset, int length, int initval) {
        java.util.Objects.checkFromIndexSize(offset, length, key.length);
        int a = JHASH_INITVAL + length + initval;
        int b = a;
        int c = a;
        int k = offset;
        int left = length;
        // All but the last block: affect some 32 bits of (a,b,c)
        while (left > 12) {
            a += le32(key, k);
            b += le32(key, k + 4);
            c += le32(key, k + 8);
            // __jhash_mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            left -= 12;
            k += 12;
        }
        if (left == 0) {
            return c; // case 0: nothing left to add, no final mix
        }
        // Last block: the kernel's fall-through switch (case 12 .. case 1), little-endian.
        switch (left) {
            case 12: c += (key[k + 11] & 0xff) << 24; // fall through
            case 11: c += (key[k + 10] & 0xff) << 16; // fall through
            case 10: c += (key[k + 9] & 0xff) << 8;   // fall through
            case 9:  c += key[k + 8] & 0xff;          // fall through
            case 8:  b += (key[k + 7] & 0xff) << 24;  // fall through
            case 7:  b += (key[k + 6] & 0xff) << 16;  // fall through
            case 6:  b += (key[k + 5] & 0xff) << 8;   // fall through
            case 5:  b += key[k + 4] & 0xff;          // fall through
            case 4:  a += (key[k + 3] & 0xff) << 24;  // fall through
            case 3:  a += (key[k + 2] & 0xff) << 16;  // fall through
            case 2:  a += (key[k + 1] & 0xff) << 8;   // fall through
            default: a += key[k] & 0xff;              // case 1
        }
        return finalMix(a, b, c);
    }

    /**
     * {@code jhash2(k, length, initval)}: hash of an array of {@code u32} words (used by
     * xt_cluster for IPv6 addresses). Words are taken as given, no byte order applied.
     *
     * @throws IndexOutOfBoundsException if {@code words} exceeds the array
     */
    @SuppressWarnings("fallthrough")
    public static int jhash2(int[] k, int words, int initval) {
        java.util.Objects.checkFromIndexSize(0, words, k.length);
        int a = JHASH_INITVAL + (words << 2) + initval;
        int b = a;
        int c = a;
        int i = 0;
        int left = words;
        while (left > 3) {
            a += k[i];
            b += k[i + 1];
            c += k[i + 2];
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            left -= 3;
            i += 3;
        }
        switch (left) {
            case 3: c += k[i + 2]; // fall through
            case 2: b += k[i + 1]; // fall through
            case 1: a += k[i];
                return finalMix(a, b, c);
            default:
                return c; // case 0
        }
    }

    /** {@code jhash_1word(a, initval)} = {@code __jhash_nwords(a, 0, 0, initval + JHASH_INITVAL + (1 << 2))}. */
    public static int jhash1Word(int a, int initval) {
        return nwords(a, 0, 0, initval + JHASH_INITVAL + (1 << 2));
    }

    /** {@code jhash_2words(a, b, initval)} = {@code __jhash_nwords(a, b, 0, initval + JHASH_INITVAL + (2 << 2))}. */
    public static int jhash2Words(int a, int b, int initval) {
        return nwords(a, b, 0, initval + JHASH_INITVAL + (2 << 2));
    }

    /** {@code jhash_3words(a, b, c, initval)} = {@code __jhash_nwords(a, b, c, initval + JHASH_INITVAL + (3 << 2))}. */
    public static int jhash3Words(int a, int b, int c, int initval) {
        return nwords(a, b, c, initval + JHASH_INITVAL + (3 << 2));
    }

    /**
     * {@code reciprocal_scale(val, ep_ro)} = {@code (u32)(((u64) val * ep_ro) >> 32)}: maps a
     * 32-bit hash onto {@code [0, n)} without a division.
     *
     * @param v the hash, as unsigned 32 bits
     * @param n the range, as unsigned 32 bits (any {@code int}; the bucket counts used here are small)
     */
    public static int reciprocalScale(int v, int n) {
        return (int) (((v & 0xffffffffL) * (n & 0xffffffffL)) >>> 32);
    }

    /** Reads 4 bytes as a little-endian {@code u32}, as {@code get_unaligned((u32 *)p)} on x86. */
    static int le32(byte[] key, int at) {
        return (key[at] & 0xff)
                | (key[at + 1] & 0xff) << 8
                | (key[at + 2] & 0xff) << 16
                | (key[at + 3] & 0xff) << 24;
    }

    /** {@code __jhash_nwords(a, b, c, initval)}: hash exactly 3, 2 or 1 word(s). */
    private static int nwords(int a, int b, int c, int initval) {
        return finalMix(a + initval, b + initval, c + initval);
    }

    /** {@code __jhash_final(a, b, c)}: final mixing of 3 32-bit values into c. */
    private static int finalMix(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }
}
