package dev.downtime.receiver.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every range of the IANA special-purpose registries that is not globally reachable, at its edges:
 * its first and last address, and the address just outside on each side, each with the range that
 * blocks it ({@code public} when none does, {@code outside} for IPv6 outside {@code 2000::/3}; a
 * range nested in another reports the more specific one).
 */
class SpecialPurposeAddressesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # range          | first           | by             | last            | by                 | below           | by             | above           | by
            0.0.0.0/8          | 0.0.0.0         | 0.0.0.0/32     | 0.255.255.255   | 0.0.0.0/8          | none            | none           | 1.0.0.0         | public
            0.0.0.0/32         | 0.0.0.0         | 0.0.0.0/32     | 0.0.0.0         | 0.0.0.0/32         | none            | none           | 0.0.0.1         | 0.0.0.0/8
            10.0.0.0/8         | 10.0.0.0        | 10.0.0.0/8     | 10.255.255.255  | 10.0.0.0/8         | 9.255.255.255   | public         | 11.0.0.0        | public
            100.64.0.0/10      | 100.64.0.0      | 100.64.0.0/10  | 100.127.255.255 | 100.64.0.0/10      | 100.63.255.255  | public         | 100.128.0.0     | public
            127.0.0.0/8        | 127.0.0.0       | 127.0.0.0/8    | 127.255.255.255 | 127.0.0.0/8        | 126.255.255.255 | public         | 128.0.0.0       | public
            169.254.0.0/16     | 169.254.0.0     | 169.254.0.0/16 | 169.254.255.255 | 169.254.0.0/16     | 169.253.255.255 | public         | 169.255.0.0     | public
            172.16.0.0/12      | 172.16.0.0      | 172.16.0.0/12  | 172.31.255.255  | 172.16.0.0/12      | 172.15.255.255  | public         | 172.32.0.0      | public
            192.0.0.0/24       | 192.0.0.0       | 192.0.0.0/29   | 192.0.0.255     | 192.0.0.0/24       | 191.255.255.255 | public         | 192.0.1.0       | public
            192.0.0.0/29       | 192.0.0.0       | 192.0.0.0/29   | 192.0.0.7       | 192.0.0.0/29       | 191.255.255.255 | public         | 192.0.0.8       | 192.0.0.8/32
            192.0.0.8/32       | 192.0.0.8       | 192.0.0.8/32   | 192.0.0.8       | 192.0.0.8/32       | 192.0.0.7       | 192.0.0.0/29   | 192.0.0.9       | 192.0.0.0/24
            192.0.0.170/32     | 192.0.0.170     | 192.0.0.170/32 | 192.0.0.170     | 192.0.0.170/32     | 192.0.0.169     | 192.0.0.0/24   | 192.0.0.171     | 192.0.0.171/32
            192.0.0.171/32     | 192.0.0.171     | 192.0.0.171/32 | 192.0.0.171     | 192.0.0.171/32     | 192.0.0.170     | 192.0.0.170/32 | 192.0.0.172     | 192.0.0.0/24
            192.0.2.0/24       | 192.0.2.0       | 192.0.2.0/24   | 192.0.2.255     | 192.0.2.0/24       | 192.0.1.255     | public         | 192.0.3.0       | public
            192.88.99.0/24     | 192.88.99.0     | 192.88.99.0/24 | 192.88.99.255   | 192.88.99.0/24     | 192.88.98.255   | public         | 192.88.100.0    | public
            192.168.0.0/16     | 192.168.0.0     | 192.168.0.0/16 | 192.168.255.255 | 192.168.0.0/16     | 192.167.255.255 | public         | 192.169.0.0     | public
            198.18.0.0/15      | 198.18.0.0      | 198.18.0.0/15  | 198.19.255.255  | 198.18.0.0/15      | 198.17.255.255  | public         | 198.20.0.0      | public
            198.51.100.0/24    | 198.51.100.0    | 198.51.100.0/24| 198.51.100.255  | 198.51.100.0/24    | 198.51.99.255   | public         | 198.51.101.0    | public
            203.0.113.0/24     | 203.0.113.0     | 203.0.113.0/24 | 203.0.113.255   | 203.0.113.0/24     | 203.0.112.255   | public         | 203.0.114.0     | public
            224.0.0.0/4        | 224.0.0.0       | 224.0.0.0/4    | 239.255.255.255 | 224.0.0.0/4        | 223.255.255.255 | public         | 240.0.0.0       | 240.0.0.0/4
            240.0.0.0/4        | 240.0.0.0       | 240.0.0.0/4    | 255.255.255.254 | 240.0.0.0/4        | 239.255.255.255 | 224.0.0.0/4    | 255.255.255.255 | 255.255.255.255/32
            255.255.255.255/32 | 255.255.255.255 | 255.255.255.255/32 | 255.255.255.255 | 255.255.255.255/32 | 255.255.255.254 | 240.0.0.0/4 | none         | none
            ::/128             | ::              | ::/128         | ::              | ::/128             | none            | none           | ::1             | ::1/128
            ::1/128            | ::1             | ::1/128        | ::1             | ::1/128            | ::              | ::/128         | ::2             | outside
            ::ffff:0:0/96      | ::ffff:0:0      | ::ffff:0:0/96  | ::ffff:ffff:ffff| ::ffff:0:0/96      | ::fffe:ffff:ffff| outside        | ::1:0:0:0       | outside
            ::ffff:0:0:0/96    | ::ffff:0:0:0    | ::ffff:0:0:0/96| ::ffff:0:ffff:ffff | ::ffff:0:0:0/96 | ::fffe:ffff:ffff:ffff | outside | ::ffff:1:0:0    | outside
            64:ff9b:1::/48     | 64:ff9b:1::     | 64:ff9b:1::/48 | 64:ff9b:1:ffff:ffff:ffff:ffff:ffff | 64:ff9b:1::/48 | 64:ff9b:0:ffff:ffff:ffff:ffff:ffff | outside | 64:ff9b:2:: | outside
            100::/64           | 100::           | 100::/64       | 100::ffff:ffff:ffff:ffff | 100::/64  | ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | outside | 100:0:0:1:: | 100:0:0:1::/64
            100:0:0:1::/64     | 100:0:0:1::     | 100:0:0:1::/64 | 100::1:ffff:ffff:ffff:ffff | 100:0:0:1::/64 | 100::ffff:ffff:ffff:ffff | 100::/64 | 100:0:0:2:: | outside
            2001::/23          | 2001::          | 2001::/32      | 2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff | 2001::/23 | 2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff | public | 2001:200:: | public
            2001::/32          | 2001::          | 2001::/32      | 2001:0:ffff:ffff:ffff:ffff:ffff:ffff | 2001::/32 | 2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff | public | 2001:1:: | 2001::/23
            2001:2::/48        | 2001:2::        | 2001:2::/48    | 2001:2:0:ffff:ffff:ffff:ffff:ffff | 2001:2::/48 | 2001:1:ffff:ffff:ffff:ffff:ffff:ffff | 2001::/23 | 2001:2:1:: | 2001::/23
            2001:10::/28       | 2001:10::       | 2001:10::/28   | 2001:1f:ffff:ffff:ffff:ffff:ffff:ffff | 2001:10::/28 | 2001:f:ffff:ffff:ffff:ffff:ffff:ffff | 2001::/23 | 2001:20:: | 2001::/23
            2001:db8::/32      | 2001:db8::      | 2001:db8::/32  | 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff | 2001:db8::/32 | 2001:db7:ffff:ffff:ffff:ffff:ffff:ffff | public | 2001:db9:: | public
            3fff::/20          | 3fff::          | 3fff::/20      | 3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff | 3fff::/20 | 3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff | public | 3fff:1000:: | public
            5f00::/16          | 5f00::          | 5f00::/16      | 5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff | 5f00::/16 | 5eff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | outside | 5f01:: | outside
            fc00::/7           | fc00::          | fc00::/7       | fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | fc00::/7 | fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | outside | fe00:: | outside
            fe80::/10          | fe80::          | fe80::/10      | febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff | fe80::/10 | fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff | outside | fec0:: | fec0::/10
            fec0::/10          | fec0::          | fec0::/10      | feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | fec0::/10 | febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff | fe80::/10 | ff00:: | ff00::/8
            ff00::/8           | ff00::          | ff00::/8       | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | ff00::/8 | feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | fec0::/10 | none | none
            2000::/3 public    | 2000::          | public         | 3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | public    | 1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | outside | 4000:: | outside
            64:ff9b::/96 NAT64 | 64:ff9b::       | 64:ff9b::/96 NAT64 of 0.0.0.0/32 | 64:ff9b::ffff:ffff | 64:ff9b::/96 NAT64 of 255.255.255.255/32 | 64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff | outside | 64:ff9b::1:0:0 | outside
            """)
    void blocksEachRangeExactlyToItsEdges(
            String range,
            String first,
            String firstBy,
            String last,
            String lastBy,
            String below,
            String belowBy,
            String above,
            String aboveBy) {
        assertThat(verdict(first)).as("first of " + range).isEqualTo(firstBy);
        assertThat(verdict(last)).as("last of " + range).isEqualTo(lastBy);
        if (below != null) {
            assertThat(verdict(below)).as("just below " + range).isEqualTo(belowBy);
        }
        if (above != null) {
            assertThat(verdict(above)).as("just above " + range).isEqualTo(aboveBy);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            8.8.8.8                  | public
            93.184.216.34            | public
            192.0.0.9                | 192.0.0.0/24
            192.31.196.1             | public
            192.175.48.1             | public
            2606:2800:220:1:248:1893:25c8:1946 | public
            2001:4860:4860::8888     | public
            64:ff9b::808:808         | public
            64:ff9b::7f00:1          | 64:ff9b::/96 NAT64 of 127.0.0.0/8
            64:ff9b::a00:1           | 64:ff9b::/96 NAT64 of 10.0.0.0/8
            2002:808:808::1          | public
            2002:7f00:1::1           | 2002::/16 6to4 of 127.0.0.0/8
            2002:a9fe:a9fe::         | 2002::/16 6to4 of 169.254.0.0/16
            ::ffff:8.8.8.8           | ::ffff:0:0/96
            ::ffff:127.0.0.1         | ::ffff:0:0/96
            ::127.0.0.1              | outside
            ::8.8.8.8                | outside
            """)
    void judgesIpv4AddressesCarriedInIpv6ByThemOnlyForNat64And6to4(String address, String expected) {
        assertThat(verdict(address)).isEqualTo(expected);
    }

    /** {@code public}, {@code outside}, or the range that blocks it, up to its name. */
    private static String verdict(String text) {
        IpAddress address = IpAddress.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
        return SpecialPurposeAddresses.notGloballyReachable(address)
                .map(reason -> reason.startsWith("outside ")
                        ? "outside"
                        : reason.contains(" NAT64 of ") || reason.contains(" 6to4 of ")
                                ? reason.substring(0, reason.indexOf(" of ") + 4)
                                        + reason.substring(reason.indexOf(" of ") + 4)
                                                .split(" ")[0]
                                : reason.split(" ")[0])
                .orElse("public");
    }
}
