package io.clonevip.migrate;

/** A dotted-quad IPv4 address as text, checked strictly (four decimal octets, no leading zeros). */
public final class Ipv4Address {
    private Ipv4Address() {}

    /** True when {@code s} is a dotted-quad IPv4 address such as 198.51.100.100. */
    public static boolean isValid(String s) {
        if (s == null) return false;
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
            if (p.length() > 1 && p.charAt(0) == '0') return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }
}
