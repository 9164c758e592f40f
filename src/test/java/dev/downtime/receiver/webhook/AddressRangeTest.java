package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(textBlock = """
            192.0.2.0/24,      192.0.2.0,          true
            192.0.2.0/24,      192.0.2.255,        true
            192.0.2.0/24,      192.0.3.0,          false
            192.0.2.7,         192.0.2.7,          true
            192.0.2.7,         192.0.2.8,          false
            192.0.2.0/24,      ::ffff:192.0.2.9,   true
            0.0.0.0/0,         203.0.113.1,        true
            0.0.0.0/0,         2001:db8::1,        false
            2001:db8::/32,     2001:db8:ffff::1,   true
            2001:db8::/32,     2001:db9::1,        false
            2001:DB8::/32,     [2001:db8::5],      true
            ::1/128,           ::1,                true
            ::1/128,           127.0.0.1,          false
            10.0.0.0/8,        unknown,            false
            10.0.0.0/8,        10.0.0.1%eth0,      false
            10.0.0.0/8,        example.com,        false
            """)
    void containsTheAddressesOfItsBlock(String cidr, String address, boolean expected) {
        assertThat(AddressRange.parse(cidr).contains(address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "10.0.0.0/x", "example.com/8", "10.0.0"})
    void refusesWhatIsNotACidrBlock(String cidr) {
        assertThatThrownBy(() -> AddressRange.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
    }
}
