package dev.downtime.receiver.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressBlockTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(textBlock = """
            192.0.2.0/24,      192.0.2.0,          true
            192.0.2.0/24,      192.0.2.255,        true
            192.0.2.0/24,      192.0.1.255,        false
            192.0.2.0/24,      192.0.3.0,          false
            192.0.2.7/24,      192.0.2.200,        true
            192.0.2.7,         192.0.2.7,          true
            192.0.2.7,         192.0.2.8,          false
            192.0.2.0/24,      ::ffff:192.0.2.9,   true
            0.0.0.0/0,         203.0.113.1,        true
            0.0.0.0/0,         2001:db8::1,        false
            2001:db8::/32,     2001:db8:ffff::1,   true
            2001:db8::/32,     2001:db9::1,        false
            2001:DB8::/32,     [2001:db8::5],      true
            ::ffff:0:0/96,     ::ffff:192.0.2.9,   true
            ::1/128,           ::1,                true
            ::1/128,           127.0.0.1,          false
            10.0.0.0/8,        unknown,            false
            10.0.0.0/8,        10.0.0.1%eth0,      false
            10.0.0.0/8,        010.0.0.1,          false
            10.0.0.0/8,        10.1,               false
            10.0.0.0/8,        example.com,        false
            """)
    void containsTheAddressesOfItsBlock(String cidr, String address, boolean expected) {
        assertThat(AddressBlock.parse(cidr).contains(address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "",
                "10.0.0.0/33",
                "2001:db8::/129",
                "10.0.0.0/-1",
                "10.0.0.0/x",
                "10.0.0.0/08",
                "10.0.0.0/",
                "example.com/8",
                "10.0.0",
                "10.0.0.0/8/8",
                "010.0.0.0/8",
                "10.0.0.*"
            })
    void refusesWhatIsNotACidrBlock(String cidr) {
        assertThatThrownBy(() -> AddressBlock.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}/{1} is {2}")
    @CsvSource(textBlock = """
            2001:db8:1:2:3:4:5:6, 64,  2001:db8:1:2::/64
            2001:db8:1:2:3:4:5:6, 48,  2001:db8:1::/48
            192.0.2.77,           24,  192.0.2.0/24
            192.0.2.77,           32,  192.0.2.77/32
            """)
    void findsTheBlockAroundAnAddress(String address, int prefix, String block) {
        AddressBlock around = AddressBlock.around(IpAddress.parse(address).orElseThrow(), prefix);

        assertThat(around).hasToString(block).isEqualTo(AddressBlock.parse(block));
        assertThat(around.contains(address)).isTrue();
    }
}
