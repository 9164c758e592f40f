package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.site.SiteUrl;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceIndexTest {

    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    static ScheduledWindow window(WindowScope scope, String rawTarget) {
        return new ScheduledWindow(
                UUID.randomUUID(),
                scope,
                WindowTarget.normalize(scope, rawTarget),
                START,
                START.plusSeconds(3600),
                scope.wireName() + " " + rawTarget);
    }

    static boolean matches(WindowScope scope, String target, String url, @Nullable String slug) {
        MaintenanceIndex index = MaintenanceIndex.build(List.of(window(scope, target)));
        return !index.matching(SiteUrl.parse(url), slug).isEmpty();
    }

    @ParameterizedTest(name = "url window {0} vs {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            http://example.com          | http://example.com                 | true
            http://example.com          | HTTP://EXAMPLE.COM/                | true
            http://example.com          | example.com                        | true
            http://example.com/         | http://example.com                 | true
            http://example.com/shop     | http://example.com/shop/           | true
            http://example.com/shop     | http://example.com/shop#cart       | true
            https://example.com         | https://example.com:443            | true
            http://bücher.example       | http://xn--bcher-kva.example/      | true
            http://example.com          | https://example.com                | false
            http://example.com          | http://example.com:8080            | false
            http://example.com          | http://www.example.com             | false
            http://example.com/shop     | http://example.com                 | false
            http://example.com/shop     | http://example.com/Shop            | false
            http://example.com/?p=1     | http://example.com/?p=1            | true
            http://example.com/?p=1     | http://example.com/                | false
            """)
    void urlScopeMatchesTheSameNormalizedUrl(String target, String url, boolean expected) {
        assertThat(matches(WindowScope.URL, target, url, null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "domain window {0} vs {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com         | http://example.com                 | true
            Example.COM         | https://example.com:8443/any/path  | true
            example.com         | http://www.example.com             | false
            example.com         | http://notexample.com              | false
            *.example.com       | http://www.example.com             | true
            *.example.com       | http://a.b.example.com/x           | true
            *.example.com       | http://example.com                 | false
            *.example.com       | http://wwwexample.com              | false
            *.example.com       | http://example.com.evil.test       | false
            bücher.example      | http://xn--bcher-kva.example       | true
            *.bücher.example    | http://shop.BÜCHER.example         | true
            192.0.2.10          | http://192.0.2.10:8080/            | true
            """)
    void domainScopeMatchesTheHostOrAnySubdomainOfAWildcard(String target, String url, boolean expected) {
        assertThat(matches(WindowScope.DOMAIN, target, url, null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "host window {0} vs slug {1}: {2}")
    @CsvSource(textBlock = """
            example, example, true
            example, EXAMPLE, true
            Example, example, true
            example, example2, false
            example, , false
            """)
    void hostScopeMatchesTheSlugIgnoringCase(String target, @Nullable String slug, boolean expected) {
        assertThat(matches(WindowScope.HOST, target, "http://anything.test", slug))
                .isEqualTo(expected);
    }

    @Test
    void findsEveryMatchingWindowAcrossScopes() {
        List<ScheduledWindow> windows = List.of(
                window(WindowScope.URL, "http://shop.example.com/cart"),
                window(WindowScope.DOMAIN, "shop.example.com"),
                window(WindowScope.DOMAIN, "*.example.com"),
                window(WindowScope.HOST, "bighost"),
                window(WindowScope.URL, "http://shop.example.com/other"),
                window(WindowScope.DOMAIN, "example.com"),
                window(WindowScope.HOST, "otherhost"));
        MaintenanceIndex index = MaintenanceIndex.build(windows);

        List<ScheduledWindow> found = index.matching(SiteUrl.parse("http://shop.example.com/cart/"), "BigHost");

        assertThat(found).containsExactlyInAnyOrderElementsOf(windows.subList(0, 4));
        assertThat(index.size()).isEqualTo(7);
    }
}
