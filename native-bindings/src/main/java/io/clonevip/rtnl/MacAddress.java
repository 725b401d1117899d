package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A link-layer (hardware) address: usually the 6 bytes of an Ethernet MAC, but of whatever
 * length the link type has (the kernel reports 0-byte and 4-byte addresses for some tunnels).
 * Immutable; {@link #toString()} gives iproute2's {@code aa:bb:cc:dd:ee:ff} form.
 */
public final class MacAddress {
    /** {@code ff:ff:ff:ff:ff:ff}. */
    public static final MacAddress BROADCAST = new MacAddress(new byte[] {-1, -1, -1, -1, -1, -1});
    /** {@code 00:00:00:00:00:00}. */
    public static final MacAddress ZERO = new MacAddress(new byte[6]);

    private final byte[] bytes;

    private MacAddress(byte[] bytes) { this.bytes = bytes; }

    /** The address with these bytes (copied). */
    public static MacAddress of(byte[] bytes) { return new MacAddress(bytes.clone()); }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (also with {@code -} separators); EINVAL when malformed. */
    public static MacAddress parse(String text) throws KernelException {
        if (text == null || !text.matches("[0-9A-Fa-f]{1,2}([:-][0-9A-Fa-f]{1,2}){5}")) {
            throw new KernelException("parse MAC address", Errno.EINVAL, "'" + text + "' is not a MAC address like 01:00:5e:00:00:01");
        }
        String[] parts = text.split("[:-]");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) Integer.parseInt(parts[i], 16);
        return new MacAddress(b);
    }

    /** A copy of the bytes. */
    public byte[] bytes() { return bytes.clone(); }

    public int length() { return bytes.length; }

    /** The group bit (least significant bit of the first byte) is set. */
    public boolean isMulticast() { return bytes.length > 0 && (bytes[0] & 1) != 0; }

    @Override
    public boolean equals(Object o) { return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes); }

    @Override
    public int hashCode() { return Arrays.hashCode(bytes); }

    @Override
    public String toString() { return HexFormat.ofDelimiter(":").formatHex(bytes); }
}
