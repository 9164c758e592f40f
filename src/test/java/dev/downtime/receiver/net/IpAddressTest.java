package dev.downtime.receiver.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.1                 | 192.0.2.1
            ' 192.0.2.1 '             | 192.0.2.1
            0.0.0.0                   | 0.0.0.0
            255.255.255.255           | 255.255.255.255
            2001:DB8::1               | 2001:db8::1
            2001:db8:0:0:0:0:0:1      | 2001:db8::1
            [2001:db8::1]             | 2001:db8::1
            ::                        | ::
            ::ffff:192.0.2.1          | ::ffff:c000:201
            ::192.0.2.1               | ::c000:201
            """)
    void readsTheStandardSpellings(String text, String canonical) {
        assertThat(IpAddress.parse(text))
                .hasValueSatisfying(address -> assertThat(address.toString()).isEqualTo(canonical));
    }

    /** Spellings other programs read as some address, often not the one a reader would think of. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "",
                "unknown",
                "example.com",
                "10.1",
                "127.1",
                "2130706433",
                "0x7f.0.0.1",
                "0177.0.0.1",
                "010.0.0.1",
                "127.000.000.001",
                "256.0.0.1",
                "1.2.3.4.5",
                "1.2.3.*",
                "1.2.3.0-9",
                "192.0.2.0/24",
                "[192.0.2.1]",
                "[2001:db8::1",
                "fe80::1%eth0",
                "fe80::1%1",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "::ffff:1.2.3",
                "１２７.0.0.1"
            })
    void refusesAnythingElse(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"192.0.2.1", "2001:db8::1", "::1"})
    void takesAddressesFromJava(String text) throws Exception {
        InetAddress java = InetAddress.ofLiteral(text);
        assertThat(IpAddress.of(java)).isEqualTo(IpAddress.parse(text).orElseThrow());
        assertThat(IpAddress.of(java).toInetAddress()).isEqualTo(java);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fe80::1%1"})
    void dropsTheZoneOfAJavaAddress(String text) {
        assertThat(IpAddress.of(InetAddress.ofLiteral(text))).hasToString("fe80::1");
    }
}
