package io.clonevip.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of valid inputs for fuzz-style tests: truncation, bit flips, overwritten
 * bytes, length fields set to edge values, and wholly random data.
 */
public final class Mutator {
    private final Random rnd;

    public Mutator(long seed) { this.rnd = new Random(seed); }

    public Random random() { return rnd; }

    /** One mutation of {@code valid} (never modifies it). */
    public byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length)); // truncate
            case 1 -> { // flip 1..4 bits
                for (int i = 1 + rnd.nextInt(4); i > 0 && b.length > 0; i--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 2 -> { // overwrite a few bytes
                for (int i = 1 + rnd.nextInt(6); i > 0 && b.length > 0; i--) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            case 3 -> { // a 16- or 32-bit field (a length, most likely) at an aligned offset set to an edge value
                if (b.length >= 4) {
                    int at = rnd.nextInt(b.length / 4) * 4;
                    int[] edges = {0, 1, 3, 4, 5, 15, 16, 17, 0x7fff, 0xffff, b.length, b.length + 4, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
                    int v = edges[rnd.nextInt(edges.length)];
                    if (rnd.nextBoolean()) { // nla_len or nla_type (offset +2) of an attribute header
                        at += rnd.nextBoolean() ? 0 : 2;
                        b[at] = (byte) v; b[at + 1] = (byte) (v >>> 8);
                    } else {
                        b[at] = (byte) v; b[at + 1] = (byte) (v >>> 8); b[at + 2] = (byte) (v >>> 16); b[at + 3] = (byte) (v >>> 24);
                    }
                }
            }
            case 4 -> { // append garbage
                byte[] extra = new byte[1 + rnd.nextInt(24)];
                rnd.nextBytes(extra);
                byte[] c = Arrays.copyOf(b, b.length + extra.length);
                System.arraycopy(extra, 0, c, b.length, extra.length);
                b = c;
            }
            default -> { // random
                b = new byte[rnd.nextInt(96)];
                rnd.nextBytes(b);
            }
        }
        return b;
    }
}
