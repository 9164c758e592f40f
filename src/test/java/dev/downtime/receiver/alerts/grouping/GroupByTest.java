package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GroupByTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            https://www.example.com,               example.com
            https://shop.example.com/cart?x=1,     example.com
            https://example.com,                   example.com
            https://www.example.co.uk,             example.co.uk
            https://a.b.example.co.uk,             example.co.uk
            https://alice.github.io,               alice.github.io
            https://bob.github.io/blog,            bob.github.io
            https://shop.example.xn--55qx5d.cn,    example.xn--55qx5d.cn
            https://bücher.example.de,             example.de
            https://co.uk,                         co.uk
            https://localhost:8080,                localhost
            https://203.0.113.7:8443,              203.0.113.7
            """)
    void groupsByRegistrableDomainFromThePublicSuffixList(String url, String domain) {
        assertThat(new GroupBy.Domain().keyOf(url, "h1", u -> Map.of())).isEqualTo(new GroupKey("domain", domain));
    }

    @Test
    void groupsByHostSlugWithoutCaseAndPutsSitesWithoutOneTogether() {
        GroupBy host = GroupBy.parse("host");
        assertThat(host.keyOf("https://a.example", "Example-Host", u -> Map.of())
                        .value())
                .isEqualTo("host=example-host");
        assertThat(host.keyOf("https://a.example", null, u -> Map.of()).describe())
                .isEqualTo("no host");
    }

    @Test
    void groupsByAnInventoryLabelAndPutsSitesWithoutItTogether() {
        GroupBy server = GroupBy.parse("label:server");
        Map<String, Map<String, String>> inventory =
                Map.of("https://a.example", Map.of("server", "web-12", "cluster", "eu"));
        assertThat(server.keyOf("https://a.example", "h1", url -> inventory.getOrDefault(url, Map.of())))
                .isEqualTo(new GroupKey("label:server", "web-12"));
        GroupKey unlabelled = server.keyOf("https://b.example", "h1", url -> inventory.getOrDefault(url, Map.of()));
        assertThat(unlabelled.value()).isEqualTo("label:server=");
        assertThat(unlabelled.describe()).isEqualTo("no server");
        assertThat(new GroupKey("label:server", "web-12").describe()).isEqualTo("server web-12");
    }

    @Test
    void putsEverySiteInOneGroupWithNone() {
        GroupKey key = GroupBy.parse("none").keyOf("https://a.example", "h1", u -> Map.of());
        assertThat(key.value()).isEqualTo("none");
        assertThat(key.describe()).isEqualTo("all sites");
        assertThat(GroupKey.parse("none")).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host=example", "label:server=web-12", "label:server=", "domain=a=b.example", "none"})
    void readsBackTheKeysItWrites(String value) {
        assertThat(GroupKey.parse(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hosts", "label:", "label:a b", "label:=x", "HOST", "domain,host"})
    void refusesAGroupByItDoesNotKnowSayingWhatItTakes(String text) {
        assertThatThrownBy(() -> GroupBy.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host, domain, none or label:<key>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "domain", "none", "label:server", "label:k8s.io/cluster"})
    void spellsItselfAsParsed(String text) {
        assertThat(GroupBy.parse(text).spelling()).isEqualTo(text);
    }
}
