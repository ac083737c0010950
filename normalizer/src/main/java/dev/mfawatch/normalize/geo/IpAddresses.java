package dev.mfawatch.normalize.geo;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals without name resolution ({@link InetAddress#getByName} would look a host name
 * up in DNS), and whether an address is public (worth locating).
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The address written in {@code s} (dotted IPv4, or IPv6 text), or null if it is no IP literal. */
    public static InetAddress parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            byte[] v4 = ipv4(s);
            try {
                return v4 == null ? null : InetAddress.getByAddress(v4);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return null; // also refuses zone ids (%eth0) and brackets
            }
        }
        try {
            // A string containing ':' is parsed as an IPv6 literal, never resolved.
            return InetAddress.getByName(s);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /**
     * True for a globally routed unicast address: not loopback, private, link-local, shared
     * (CGNAT 100.64/10), documentation, benchmarking, multicast, reserved or unique-local.
     */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xFF;
            int o1 = b[1] & 0xFF;
            int o2 = b[2] & 0xFF;
            return !(o0 == 0                                         // "this network"
                    || o0 >= 240                                     // reserved and broadcast
                    || (o0 == 100 && (o1 & 0xC0) == 64)              // shared address space (RFC 6598)
                    || (o0 == 192 && o1 == 0 && (o2 == 0 || o2 == 2)) // IETF protocol assignments, TEST-NET-1
                    || (o0 == 198 && (o1 & 0xFE) == 18)              // benchmarking (RFC 2544)
                    || (o0 == 198 && o1 == 51 && o2 == 100)          // TEST-NET-2
                    || (o0 == 203 && o1 == 0 && o2 == 113));         // TEST-NET-3
        }
        if (a instanceof Inet6Address) {
            int h0 = b[0] & 0xFF;
            int h1 = b[1] & 0xFF;
            return (h0 & 0xE0) == 0x20                               // only 2000::/3 is global unicast
                    && !(h0 == 0x20 && h1 == 0x01 && (b[2] & 0xFF) == 0x0D && (b[3] & 0xFF) == 0xB8); // 2001:db8::/32
        }
        return false;
    }
}
