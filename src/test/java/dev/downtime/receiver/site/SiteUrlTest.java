package dev.downtime.receiver.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SiteUrlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://example.com                      | http://example.com
            http://example.com/                     | http://example.com
            HTTP://Example.COM/                     | http://example.com
            example.com                             | http://example.com
            example.com/blog/                       | http://example.com/blog
            //example.com                           | http://example.com
            https://example.com:443/                | https://example.com
            http://example.com:80                   | http://example.com
            https://example.com:80/                 | https://example.com:80
            http://example.com:443                  | http://example.com:443
            http://example.com:8080/a/b/            | http://example.com:8080/a/b
            http://example.com/Blog/Post            | http://example.com/Blog/Post
            http://example.com/#top                 | http://example.com
            http://example.com/page#top             | http://example.com/page
            http://example.com/?p=1                 | http://example.com?p=1
            http://example.com/shop/?p=1&q=A#x      | http://example.com/shop?p=1&q=A
            http://example.com?                     | http://example.com
            http://example.com.                     | http://example.com
            http://user:secret@example.com/         | http://example.com
            http://bücher.example/                  | http://xn--bcher-kva.example
            http://BÜCHER.example                   | http://xn--bcher-kva.example
            http://xn--bcher-kva.example            | http://xn--bcher-kva.example
            http://straße.example                   | http://strasse.example
            http://xn--strae-oqa.example            | http://xn--strae-oqa.example
            http://例え.テスト/                       | http://xn--r8jz45g.xn--zckzah
            http://192.0.2.10:8080/                 | http://192.0.2.10:8080
            http://[2001:DB8::1]/                   | http://[2001:db8:0:0:0:0:0:1]
            http://[2001:db8::1]:443/               | http://[2001:db8:0:0:0:0:0:1]:443
            '  http://example.com  '                | http://example.com
            http://example.com//                    | http://example.com
            http://１２７.０.０.１:8080                 | http://127.0.0.1:8080
            http://example.com/a//                  | http://example.com/a
            example.com/?next=http://other.test/x   | http://example.com?next=http://other.test/x
            example.com/login?to=https://x.test     | http://example.com/login?to=https://x.test
            """)
    void normalizesForMatching(String raw, String normalized) {
        assertThat(SiteUrl.parse(raw).value()).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "",
                "   ",
                "ftp://example.com",
                "javascript:alert(1)",
                "http://",
                "http:///path",
                "http://exa mple.com",
                "http://example.com/a b",
                "http://example.com/\u0000",
                "http://example.com/\r\nX-Injected: 1",
                "http://example.com:0",
                "http://example.com:65536",
                "http://example.com:8o",
                "http://exa*mple.com",
                "http://example..com",
                "http://.example.com",
                "http://[2001:db8::1",
                "http://[zz::1]/",
                "http://[192.0.2.1]/",
                "http://1.2.3.4.5/",
                "http://999.1.1.1/",
                // Spellings programs read as other addresses: only the standard one is taken.
                "http://³",
                "http://127.1/",
                "http://2130706433/",
                "http://0177.0.0.1/",
                "http://[::ffff:127.0.0.1]/",
                "http://[fe80::1%25eth0]/",
                "ht tp://example.com",
            })
    void refusesWhatCannotIdentifyASite(String raw) {
        assertThatThrownBy(() -> SiteUrl.parse(raw)).isInstanceOf(InvalidSiteUrlException.class);
    }

    /** "http://example.com/" (19 bytes) and then {@code count} times {@code unit}. */
    static String urlOf(String unit, int count) {
        return "http://example.com/" + unit.repeat(count);
    }

    static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** 19 + 4077 = 4096 bytes: ASCII, and 2-, 3- and 4-byte characters padded with ASCII. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a", "é", "€", "😀"})
    void acceptsAUrlOfExactly4096BytesInUtf8(String unit) {
        int count = 4077 / utf8(unit);
        String raw = urlOf(unit, count) + "a".repeat(4077 - count * utf8(unit));
        assertThat(utf8(raw)).isEqualTo(SiteUrl.MAX_BYTES);

        SiteUrl url = SiteUrl.parse(raw);

        assertThat(url.value()).isEqualTo(raw);
        assertThat(utf8(url.value())).isEqualTo(SiteUrl.MAX_BYTES);
    }

    /** One byte over, however few characters that is: 4-byte characters count as 4. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a", "é", "€", "😀"})
    void refusesAUrlOfOneByteOver4096(String unit) {
        int count = 4077 / utf8(unit);
        String raw = urlOf(unit, count) + "a".repeat(4077 - count * utf8(unit) + 1);
        assertThat(utf8(raw)).isEqualTo(SiteUrl.MAX_BYTES + 1);

        assertThatThrownBy(() -> SiteUrl.parse(raw))
                .isInstanceOf(InvalidSiteUrlException.class)
                .hasMessage("must be at most 4096 bytes in UTF-8");
    }

    @Test
    void refusesAUrlWhoseLastCharacterCrossesTheLimit() {
        // 4094 bytes of ASCII, then one 4-byte character: 2048 characters in all, 4098 bytes.
        String raw = urlOf("a", 4075) + "😀";
        assertThat(raw.codePointCount(0, raw.length())).isLessThan(SiteUrl.MAX_BYTES);

        assertThatThrownBy(() -> SiteUrl.parse(raw)).hasMessage("must be at most 4096 bytes in UTF-8");
    }

    /** The blanks around a URL are part of what is stored as sent, so they count too. */
    @Test
    void countsTheBlanksAroundTheUrl() {
        String raw = " " + urlOf("a", 4077);

        assertThatThrownBy(() -> SiteUrl.parse(raw)).hasMessage("must be at most 4096 bytes in UTF-8");
    }

    /** Normalizing can lengthen a URL: a scheme added, a host in punycode. */
    @Test
    void refusesAUrlThatOnlyGrowsOverTheLimitOnceNormalized() {
        String raw = "example.com/" + "a".repeat(4084);
        assertThat(utf8(raw)).isEqualTo(SiteUrl.MAX_BYTES);

        assertThatThrownBy(() -> SiteUrl.parse(raw))
                .isInstanceOf(InvalidSiteUrlException.class)
                .hasMessage("must be at most 4096 bytes in UTF-8 once normalized");
        assertThat(SiteUrl.parse("example.com/" + "a".repeat(4084 - 7)).value()).hasSize(SiteUrl.MAX_BYTES);
    }

    @Test
    void refusesAnUnpairedSurrogate() {
        assertThatThrownBy(() -> SiteUrl.parse("http://example.com/\uD800x"))
                .isInstanceOf(InvalidSiteUrlException.class)
                .hasMessage("must be valid Unicode (no unpaired surrogate)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {100_000})
    void refusesOverlongUrls(int length) {
        String raw = "http://example.com/" + "a".repeat(length);
        assertThatThrownBy(() -> SiteUrl.parse(raw)).isInstanceOf(InvalidSiteUrlException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://a.b.example.com  | b.example.com,example.com,com
            http://example.com      | com
            http://localhost        | ''
            http://192.0.2.1        | ''
            """)
    void listsParentDomainsNearestFirst(String raw, String parents) {
        assertThat(String.join(",", SiteUrl.parse(raw).parentDomains())).isEqualTo(parents);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Example.COM, example.com", "bücher.example., xn--bcher-kva.example", "192.0.2.1, 192.0.2.1"})
    void normalizesHostNamesLikeUrlHosts(String raw, String normalized) {
        assertThat(SiteUrl.normalizeHost(raw)).isEqualTo(normalized);
    }
}
