package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Any text is either refused with {@link InvalidSelectorException} (a 400 naming the field) or
 * read into a selector within the limits whose canonical form reads back to an equal selector and
 * that can be matched against any labels without throwing. Runs its regression inputs in every
 * build; {@code JAZZER_FUZZ=1} fuzzes it (see docs/development.md).
 */
class SelectorFuzzTest {

    static final Labels[] SITES = {
        Labels.EMPTY,
        Labels.of(Map.of("server", "web-42", "cluster", "eu-1", "plan", "vip")),
        Labels.of(Map.of("a", "🙂", "b", "x".repeat(255))),
    };

    @FuzzTest(maxDuration = "30s")
    void readsAnyTextIntoASelectorThatRoundTripsOrRefusesIt(@NotNull String text) {
        Selector selector;
        try {
            selector = Selector.parse(text);
        } catch (InvalidSelectorException refused) {
            // A message may quote the input but never carries its control characters.
            assertThat(refused.getMessage()).isNotBlank().doesNotContainPattern("[\\p{Cc}\\p{Cs}]");
            return;
        }
        String canonical = selector.canonical();
        assertThat(canonical.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(Selector.MAX_BYTES);
        assertThat(selector.matchers()).isNotEmpty().hasSizeLessThanOrEqualTo(Selector.MAX_MATCHERS);
        assertThat(selector.matchers()).anyMatch(matcher -> !matcher.matchesEmpty());
        assertThat(canonical).doesNotContainPattern("[\\p{Cc}]");

        Selector again = Selector.parse(canonical);
        assertThat(again).isEqualTo(selector);
        assertThat(again.canonical()).isEqualTo(canonical);
        for (Labels site : SITES) {
            assertThat(again.matches(site)).isEqualTo(selector.matches(site));
        }
    }
}
