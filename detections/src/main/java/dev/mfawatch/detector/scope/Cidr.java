package dev.mfawatch.detector.scope;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare
 * address is a /32 or /128). Literals are parsed by hand: {@link java.net.InetAddress#getByName}
 * would resolve anything that is not a literal through DNS, and a register value or a sign-in IP
 * must never trigger a lookup (latency, and a leak of what we are looking at).
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is treated as the IPv4 address, since
 * providers report the same client either way. Host bits set in a network
 * ({@code 10.1.2.3/8}) are ignored, as routers and cloud consoles do.
 */
public final class Cidr {

    private final String text;
    private final byte[] network;
    private final int prefix;

    private Cidr(String text, byte[] network, int prefix) {
        this.text = text;
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses {@code address[/prefix]}; throws {@link IllegalArgumentException} naming the problem. */
    public static Cidr parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr == null");
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = parseAddress(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP network: " + cidr);
        }
        // ::ffff:a.b.c.d/120 names the same network as a.b.c.d/24.
        boolean mapped = bytes.length == 4 && addr.indexOf(':') >= 0;
        int max = mapped ? 128 : bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad prefix length in " + cidr);
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("prefix length " + prefix + " > " + max + " in " + cidr);
            }
        }
        if (mapped) {
            prefix = Math.max(0, prefix - 96);
        }
        return new Cidr(s, mask(bytes, prefix), prefix);
    }

    /** True if {@code ip} is an address literal inside this network; false for anything else (null, host names). */
    public boolean contains(String ip) {
        if (ip == null) {
            return false;
        }
        byte[] a = parseAddress(ip.trim());
        if (a == null || a.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(a, prefix), network);
    }

    /**
     * The network an address literal belongs to for counting where uses come from: its IPv4 /24
     * ({@code 203.0.113.0/24}) or IPv6 /48 ({@code 2001:db8:1::/48}); null for anything that is not a
     * literal (no lookup is ever made).
     */
    public static String sitePrefix(String ip) {
        byte[] a = ip == null ? null : parseAddress(ip.trim());
        if (a == null) {
            return null;
        }
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24";
        }
        return Integer.toHexString(((a[0] & 0xff) << 8) | (a[1] & 0xff)) + ":"
                + Integer.toHexString(((a[2] & 0xff) << 8) | (a[3] & 0xff)) + ":"
                + Integer.toHexString(((a[4] & 0xff) << 8) | (a[5] & 0xff)) + "::/48";
    }

    public int prefixLength() {
        return prefix;
    }

    public boolean ipv6() {
        return network.length == 16;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    /** 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6, null if {@code s} is not a literal. */
    static byte[] parseAddress(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s);
        }
        byte[] v6 = parseV6(s.toLowerCase(Locale.ROOT));
        if (v6 == null) {
            return null;
        }
        if (isMapped(v6)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        return v6;
    }

    private static boolean isMapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    private static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            // Leading zeros are rejected: some stacks read 010 as octal 8.
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] headGroups = groups(head);
        int[] tailGroups = groups(tail);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (dbl < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            out[2 * i] = (byte) (headGroups[i] >> 8);
            out[2 * i + 1] = (byte) headGroups[i];
        }
        int start = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            out[2 * (start + i)] = (byte) (tailGroups[i] >> 8);
            out[2 * (start + i) + 1] = (byte) tailGroups[i];
        }
        return out;
    }

    /** 16-bit groups of one side of "::"; a trailing dotted quad counts as two groups. */
    private static int[] groups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] tokens = part.split(":", -1);
        int n = tokens.length;
        boolean quad = tokens[n - 1].indexOf('.') >= 0;
        int[] out = new int[quad ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String t = tokens[i];
            if (quad && i == n - 1) {
                byte[] v4 = parseV4(t);
                if (v4 == null) {
                    return null;
                }
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (t.isEmpty() || t.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < t.length(); k++) {
                int d = Character.digit(t.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = (v << 4) | d;
            }
            out[i] = v;
        }
        return out;
    }
}
