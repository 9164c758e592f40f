package dev.downtime.receiver.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Any text either normalizes or is refused with {@link InvalidSiteUrlException}; what normalizes
 * is a well-formed http(s) URL that normalizes to itself. Runs its regression inputs in every
 * build; {@code JAZZER_FUZZ=1} fuzzes it (see docs/development.md).
 */
class SiteUrlFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void normalizesAnyTextToAFixedPointOrRefusesIt(@NotNull String text) {
        SiteUrl url;
        try {
            url = SiteUrl.parse(text);
        } catch (InvalidSiteUrlException refused) {
            return;
        }
        assertThat(url.value()).startsWith(url.value().startsWith("https") ? "https://" : "http://");
        assertThat(url.value()).doesNotContain("#").doesNotContainPattern("\\s");
        assertThat(url.value().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(SiteUrl.MAX_BYTES);
        assertThat(SiteUrl.parse(url.value())).isEqualTo(url);
    }
}
