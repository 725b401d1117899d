package io.clonevip.nft;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value equality, for keys, data and userdata carried by nf_tables
 * objects (records holding a {@code byte[]} would compare by identity).
 */
public record Bytes(byte[] array) {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    public Bytes {
        array = array.clone();
    }

    public static Bytes of(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return new Bytes(b);
    }

    public static Bytes ofHex(String hex) { return new Bytes(HexFormat.of().parseHex(hex.replace(" ", ""))); }

    /** A copy of the bytes. */
    @Override
    public byte[] array() { return array.clone(); }

    public int length() { return array.length; }

    public int get(int i) { return array[i] & 0xff; }

    @Override
    public boolean equals(Object o) { return o instanceof Bytes b && Arrays.equals(array, b.array); }

    @Override
    public int hashCode() { return Arrays.hashCode(array); }

    @Override
    public String toString() { return HexFormat.of().formatHex(array); }
}
