package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexSizeTest {

    /**
     * The estimate only guards the compiler; it must not be far below what RE2/J builds, or a
     * regex that compiles huge would slip past it.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "web-4[0-9]",
                ".*",
                "(web|db)-[0-9]{1,4}",
                "[0-9]{1,3}(\\.[0-9]{1,3}){3}",
                ".{0,255}",
                "x{1000}",
                "(a{10}){10}",
                "((a{10}){10}){10}",
                "(?:(?:.{0,15}){0,15})",
                "(?s:a{2,}){30}",
                "\\Qa{1000}\\E{5}",
                "[a-z{}]{50}",
                "\\p{Greek}{100}\\x{41}{100}",
                "(?P<n>a{20}){20}",
                "(?<n>a{20}){20}",
                "a{,5}{2}",
                "(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p){8}",
                "[[:alpha:]]{200}",
                "[]a]{100}",
                "[^]a]{100}",
            })
    void neverEstimatesFarBelowWhatRe2jCompiles(String regex) {
        long estimate = RegexSize.of(regex);
        int compiled = Pattern.compile(regex).programSize();

        assertThat(compiled).isLessThanOrEqualTo((int) (3 * estimate + 16));
    }

    @ParameterizedTest
    @ValueSource(strings = {"((a{1000}){1000}){1000}", "(((((a{10}){10}){10}){10}){10}){10}", "(x{999}){999}"})
    void growsWithNestedRepetitionWithoutOverflowing(String regex) {
        assertThat(RegexSize.of(regex)).isGreaterThan(4L * LabelMatcher.MAX_REGEX_PROGRAM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", ")", "((", "a)|(b", "[", "[a", "\\", "\\Q", "\\p{", "a{", "a{1", "a{1,", "(?", "(?P<"})
    void estimatesAnyTextWithoutThrowing(String text) {
        assertThat(RegexSize.of(text)).isNotNegative();
    }
}
