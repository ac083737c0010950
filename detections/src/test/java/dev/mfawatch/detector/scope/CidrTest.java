package dev.mfawatch.detector.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void ipv4BoundariesOfASlash24() {
        Cidr net = Cidr.parse("198.51.100.0/24");
        assertThat(net.contains("198.51.100.0")).isTrue();
        assertThat(net.contains("198.51.100.255")).isTrue();
        assertThat(net.contains("198.51.99.255")).isFalse();
        assertThat(net.contains("198.51.101.0")).isFalse();
    }

    @Test
    void oddPrefixesSplitInsideAnOctet() {
        Cidr net = Cidr.parse("10.0.0.64/27"); // 10.0.0.64 - 10.0.0.95
        assertThat(net.contains("10.0.0.63")).isFalse();
        assertThat(net.contains("10.0.0.64")).isTrue();
        assertThat(net.contains("10.0.0.95")).isTrue();
        assertThat(net.contains("10.0.0.96")).isFalse();
    }

    @Test
    void bareAddressIsASingleHost_andSlash0IsEverythingOfItsFamily() {
        assertThat(Cidr.parse("192.0.2.1").contains("192.0.2.1")).isTrue();
        assertThat(Cidr.parse("192.0.2.1").contains("192.0.2.2")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("255.255.255.255")).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains("2001:db8::1")).isFalse();
        assertThat(Cidr.parse("::/0").contains("2001:db8::1")).isTrue();
    }

    @Test
    void ipv6BoundariesAndNotations() {
        Cidr net = Cidr.parse("2001:db8:1::/48");
        assertThat(net.contains("2001:db8:1::")).isTrue();
        assertThat(net.contains("2001:0DB8:0001:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(net.contains("2001:db8:0:ffff:ffff:ffff:ffff:ffff")).isFalse();
        assertThat(net.contains("2001:db8:2::")).isFalse();
        assertThat(net.contains("[2001:db8:1::5]")).isTrue();
        assertThat(net.contains("2001:db8:1::5%eth0")).isTrue();
        assertThat(net.ipv6()).isTrue();
    }

    @Test
    void ipv4MappedIpv6IsTheIpv4Address() {
        assertThat(Cidr.parse("192.0.2.0/24").contains("::ffff:192.0.2.7")).isTrue();
        assertThat(Cidr.parse("::ffff:192.0.2.0/120").contains("192.0.2.200")).isTrue();
        assertThat(Cidr.parse("::ffff:192.0.2.0/120").prefixLength()).isEqualTo(24);
    }

    @Test
    void hostBitsInTheNetworkAreIgnored() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void hostNamesAndGarbageAreNeverResolved_neverContained() {
        // A host name would need DNS: it is simply not an address.
        assertThat(Cidr.parse("0.0.0.0/0").contains("localhost")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("example.com")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(null)).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("1.2.3")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("1.2.3.256")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("01.2.3.4")).isFalse();
        assertThat(Cidr.parse("::/0").contains("1::2::3")).isFalse();
        assertThat(Cidr.parse("::/0").contains("1:2:3:4:5:6:7:8:9")).isFalse();
        assertThat(Cidr.parse("::/0").contains("gggg::1")).isFalse();
    }

    @Test
    void invalidNetworksAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Cidr.parse("intranet.example.com/24")).hasMessageContaining("not an IP network");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length 33 > 32");
        assertThatThrownBy(() -> Cidr.parse("2001:db8::/129")).hasMessageContaining("prefix length 129 > 128");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/-1")).hasMessageContaining("bad prefix");
    }
}
