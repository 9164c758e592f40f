package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.net.AddressBlock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTest {

    static final ClientAddresses BEHIND_PROXIES =
            new ClientAddresses(List.of(AddressBlock.parse("10.0.0.0/8"), AddressBlock.parse("fd00::/8")));

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            198.51.100.7 |                                   | 198.51.100.7
            198.51.100.7 | 203.0.113.1                       | 198.51.100.7
            10.0.0.2     |                                   | 10.0.0.2
            10.0.0.2     | 203.0.113.1                       | 203.0.113.1
            10.0.0.2     | 192.0.2.66, 203.0.113.1           | 203.0.113.1
            10.0.0.2     | 203.0.113.1, 10.0.0.9             | 203.0.113.1
            10.0.0.2     | 10.0.0.8, 10.0.0.9                | 10.0.0.8
            fd00::2      | 2001:db8::7                       | 2001:db8::7
            10.0.0.2     | 203.0.113.1, not-an-address       | unknown
            """)
    void believesForwardedAddressesOnlyFromTrustedProxies(String peer, String forwarded, String client) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwarded != null) {
            request.addHeader("X-Forwarded-For", forwarded);
        }

        assertThat(BEHIND_PROXIES.of(request)).isEqualTo(client);
    }
}
