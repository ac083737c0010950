package dev.mfawatch.normalize.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"126.0.0.1", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "::ffff:91.0.0.1",
            "2400:2410::1"})
    void literalsParse(String s) {
        assertThat(IpAddresses.parse(s)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "signin.amazonaws.com", "AWS Internal", "1.2.3", "1.2.3.4.5", "256.1.1.1",
            "1..2.3", "1.2.3.4 ", "1234.1.1.1", "fe80::1%eth0", "[2001:db8::1]", "2001:db8:::1", "12:zz::1",
            "example.com:443"})
    void nonLiteralsDoNotParseAndAreNeverResolved(String s) {
        assertThat(IpAddresses.parse(s)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"126.0.0.1", "91.0.0.1", "8.8.8.8", "100.128.0.1", "2400:2410::1", "::ffff:91.0.0.1"})
    void publicAddresses(String s) {
        assertThat(IpAddresses.isPublic(IpAddresses.parse(s))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.1.1", "100.64.0.1",
            "100.127.255.255", "192.0.2.10", "198.51.100.7", "203.0.113.61", "198.18.0.1", "192.0.0.8", "0.1.2.3",
            "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
            "ff02::1", "2001:db8::1", "::ffff:10.0.0.1"})
    void privateAndReservedAddresses(String s) {
        assertThat(IpAddresses.isPublic(IpAddresses.parse(s))).isFalse();
    }
}
