package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowTargetTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            URL    | Example.com/Shop/     | http://example.com/Shop
            DOMAIN | Example.COM.          | example.com
            DOMAIN | *.Example.com         | *.example.com
            DOMAIN | *.bücher.example      | *.xn--bcher-kva.example
            HOST   | '  BigHost '          | BigHost
            """)
    void storesTargetsInTheFormTheIndexMatches(WindowScope scope, String raw, String normalized) {
        assertThat(WindowTarget.normalize(scope, raw)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            URL    | ftp://example.com
            URL    | http://exa mple.com
            DOMAIN | http://example.com
            DOMAIN | example.com/path
            DOMAIN | *.com
            DOMAIN | *.192.0.2.1
            DOMAIN | www.*.example.com
            DOMAIN | **.example.com
            DOMAIN | ''
            HOST   | ''
            """)
    void refusesTargetsInvalidForTheirScope(WindowScope scope, String raw) {
        assertThatThrownBy(() -> WindowTarget.normalize(scope, raw)).isInstanceOf(IllegalArgumentException.class);
    }
}
