package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.downtime.receiver.web.FieldViolation;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorTest {

    /** Accepted selectors, as typed, and their canonical form. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("server=web-42", "server=web-42"),
                Arguments.of("{server=web-42}", "server=web-42"),
                Arguments.of(" { server = web-42 , } ", "server=web-42"),
                Arguments.of("server=web-42,", "server=web-42"),
                Arguments.of("\"server\"=\"web-42\"", "server=web-42"),
                Arguments.of("cluster=eu-1,plan!=vip,server=~web-4[0-9]", "cluster=eu-1,plan!=vip,server=~web-4[0-9]"),
                Arguments.of("server=~web-4[0-9], plan!=vip,cluster=eu-1", "cluster=eu-1,plan!=vip,server=~web-4[0-9]"),
                Arguments.of("server!~db-.*,server=~.+", "server=~.+,server!~db-.*"),
                Arguments.of("server=\"web 42\"", "server=\"web 42\""),
                Arguments.of("server=\"a\\\"b\"", "server=\"a\\\"b\""),
                Arguments.of("server=\"a\\\\b\"", "server=\"a\\\\b\""),
                Arguments.of("server=\"a,b\"", "server=\"a,b\""),
                Arguments.of("server=\"{x}\"", "server=\"{x}\""),
                Arguments.of("server=~\"\\\\d+\"", "server=~\"\\\\d+\""),
                Arguments.of("server=~\"web-4{2}\"", "server=~\"web-4{2}\""),
                Arguments.of("server=~\"web|db\"", "server=~web|db"),
                Arguments.of("server=🙂", "server=🙂"),
                Arguments.of("server=\"\\U0001f642\"", "server=🙂"),
                Arguments.of("server=\"\\u00e9\"", "server=é"),
                Arguments.of("server=\"\\xf0\\x9f\\x99\\x82\"", "server=🙂"),
                Arguments.of("server=\"\\101\"", "server=A"),
                Arguments.of("customer=4711,customer=4711", "customer=4711"),
                Arguments.of("plan=vip,plan=\"\"", "plan=\"\",plan=vip"),
                Arguments.of("server=web-42,plan!=\"\"", "plan!=\"\",server=web-42"),
                Arguments.of("server=web-42\u00a0,\u3000plan=vip", "plan=vip,server=web-42"),
                Arguments.of("server=~\"(?s:web).*\"", "server=~(?s:web).*"),
                Arguments.of("server=~\"\\\\Qweb-4[0-9]\\\\E\"", "server=~\"\\\\Qweb-4[0-9]\\\\E\""),
                Arguments.of("server=~\"\\a\"", "server=~\"\\u0007\""),
                Arguments.of("server=~\"a\u200bb\"", "server=~\"a\\u200bb\""),
                Arguments.of("k8s.cluster=eu-1", "k8s.cluster=eu-1"),
                Arguments.of("server=web-42,server!=web-42", "server=web-42,server!=web-42"));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void readsAlertmanagerMatcherSyntaxIntoACanonicalFormThatRoundTrips(String typed, String canonical) {
        Selector selector = Selector.parse(typed);

        assertThat(selector.canonical()).isEqualTo(canonical);
        Selector again = Selector.parse(selector.canonical());
        assertThat(again).isEqualTo(selector);
        assertThat(again.canonical()).isEqualTo(canonical);
        assertThat(again.matchers()).isEqualTo(selector.matchers());
    }

    @Test
    void unquotesValuesAndKeepsTheOperators() {
        Selector selector =
                Selector.parse("{\"server\"=~\"\\\\d+\", plan!=\"a b\", cluster!~\"eu-.*\", customer=4711}");

        assertThat(selector.matchers())
                .extracting(LabelMatcher::name, LabelMatcher::type, LabelMatcher::value)
                .containsExactly(
                        tuple("cluster", MatchType.NOT_REGEX, "eu-.*"),
                        tuple("customer", MatchType.EQUAL, "4711"),
                        tuple("plan", MatchType.NOT_EQUAL, "a b"),
                        tuple("server", MatchType.REGEX, "\\d+"));
    }

    /** Refused selectors and the reason given, which completes "target ...". */
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", "must hold at least one matcher, such as server=web-42"),
                Arguments.of("  ", "must hold at least one matcher, such as server=web-42"),
                Arguments.of("{}", "must hold at least one matcher, such as server=web-42"),
                Arguments.of(",", "is not a valid selector: at character 1, expected a label name, found \",\""),
                Arguments.of("{,}", "is not a valid selector: at character 2, expected a label name, found \",\""),
                Arguments.of(
                        "server=web-42,,",
                        "is not a valid selector: at character 15, expected a label name, found \",\""),
                Arguments.of("{", "is not a valid selector: at character 2, expected a closing \"}\", found the end"),
                Arguments.of("}", "is not a valid selector: at character 1, found \"}\" without an opening \"{\""),
                Arguments.of(
                        "server=web-42}",
                        "is not a valid selector: at character 14, found \"}\" without an opening \"{\""),
                Arguments.of(
                        "{server=web-42",
                        "is not a valid selector: at character 15, expected a closing \"}\", found the end"),
                Arguments.of(
                        "{server=web-42}x",
                        "is not a valid selector: at character 16, expected the end after \"}\", found \"x\""),
                Arguments.of(
                        "server",
                        "is not a valid selector: at character 7, expected an operator (=, !=, =~ or !~) after"
                                + " \"server\", found the end"),
                Arguments.of(
                        "server=",
                        "is not a valid selector: at character 8, expected a value after \"server\"=, found the end"
                                + " (write an empty value as \"\")"),
                Arguments.of(
                        "server==web",
                        "is not a valid selector: at character 8, expected a value after \"server\"=, found \"=\""
                                + " (write an empty value as \"\")"),
                Arguments.of(
                        "server=web 42",
                        "is not a valid selector: at character 12, expected a comma or the end after a matcher,"
                                + " found \"42\""),
                Arguments.of(
                        "server!web",
                        "is not a valid selector: at character 7, \"!\" must be followed by \"=\" or \"~\""),
                Arguments.of("server~web", "is not a valid selector: at character 7, unexpected \"~\""),
                Arguments.of("server='web'", "is not a valid selector: at character 8, unexpected \"'\""),
                Arguments.of(
                        "server=web\\n",
                        "is not a valid selector: at character 11, unexpected \"\\\\\" (escapes work only inside"
                                + " double quotes)"),
                Arguments.of(
                        "server=\"web",
                        "is not a valid selector: the quoted text at character 8 has no closing double quote"),
                Arguments.of(
                        "server=\"web\\\"",
                        "is not a valid selector: the quoted text at character 8 has no closing double quote"),
                Arguments.of(
                        "server=\"web\n42\"",
                        "is not a valid selector: at character 12, a line break inside quotes must be written \\n"),
                Arguments.of(
                        "server=\"web\\w\"",
                        "is not a valid selector: at character 12, invalid escape: \\w is not an escape (in a quoted"
                                + " regex, write a backslash as \\\\, e.g. \"\\\\d+\")"),
                Arguments.of(
                        "server=~\"\\d+\"",
                        "is not a valid selector: at character 10, invalid escape: \\d is not an escape (in a quoted"
                                + " regex, write a backslash as \\\\, e.g. \"\\\\d+\")"),
                Arguments.of(
                        "server=\"web\\\n\"",
                        "is not a valid selector: at character 12, invalid escape: \\ followed by U+000A is not an"
                                + " escape (in a quoted regex, write a backslash as \\\\, e.g. \"\\\\d+\")"),
                Arguments.of(
                        "server=\"\\'\"",
                        "is not a valid selector: at character 9, invalid escape: \\' is not an escape (in a quoted"
                                + " regex, write a backslash as \\\\, e.g. \"\\\\d+\")"),
                Arguments.of(
                        "server=\"\\x4\"",
                        "is not a valid selector: at character 9, invalid escape: expected 2 hexadecimal digits"),
                Arguments.of(
                        "server=\"\\400\"",
                        "is not a valid selector: at character 9, invalid escape: an octal escape is at most \\377"),
                Arguments.of(
                        "server=\"\\ud800\"",
                        "is not a valid selector: at character 9, invalid escape: \\u names no Unicode character"),
                Arguments.of(
                        "server=\"\\U00110000\"",
                        "is not a valid selector: at character 9, invalid escape: \\U names no Unicode character"),
                Arguments.of(
                        "server=\"\\xf0\\x9f\"",
                        "is not a valid selector: the quoted text at character 8 is not valid UTF-8"),
                Arguments.of(
                        "Server=web-42",
                        "has an invalid label name \"Server\": a label key must start with a lower-case letter a-z"
                                + " and go on with at most 62 of a-z, 0-9, '_', '.' and '-' (matcher at character 1)"),
                Arguments.of(
                        "cluster=eu-1,url=https://a.example",
                        "cannot select on url: it is the site's own field, not a label (use a window of scope url,"
                                + " domain or host for it) (matcher at character 14)"),
                Arguments.of(
                        "plan!=vip",
                        "must hold at least one matcher that requires a label (such as server=web-42 or"
                                + " cluster=~.+): each of these matchers also matches a site without the label, so the"
                                + " selector would cover the whole inventory"),
                Arguments.of(
                        "plan=~.*,plan=\"\",server!~web-.*",
                        "must hold at least one matcher that requires a label (such as server=web-42 or"
                                + " cluster=~.+): each of these matchers also matches a site without the label, so the"
                                + " selector would cover the whole inventory"),
                Arguments.of(
                        "server=\" web\"",
                        "compares with a value that no label can have in server=\" web\": a label value must not"
                                + " start or end with a blank (matcher at character 1)"),
                Arguments.of(
                        "server=\"a\\tb\"",
                        "compares with a value that no label can have in server=\"a\\u0009b\": a label value must not"
                                + " contain control characters (matcher at character 1)"),
                Arguments.of(
                        "server=~(",
                        "has an invalid regex in server=~\"(\": missing closing ) at \"(\" (matcher at character 1)"),
                Arguments.of(
                        "server=~\"a)|(b\"",
                        "has an invalid regex in server=~\"a)|(b\": unexpected ) (matcher at character 1)"),
                Arguments.of(
                        "server=~\"(web)\\\\1\"",
                        "has an invalid regex in server=~\"(web)\\\\1\": invalid escape sequence at \"\\\\1\""
                                + " (matcher at character 1)"),
                Arguments.of(
                        "server=~\"(?=web)\"",
                        "has an invalid regex in server=~\"(?=web)\": invalid or unsupported Perl syntax at"
                                + " \"(?=\" (matcher at character 1)"),
                Arguments.of(
                        "server=~\"web-\\\\Q4[0-9]\"",
                        "has an invalid regex in server=~\"web-\\\\Q4[0-9]\": a \\Q quote must end with \\E"
                                + " (matcher at character 1)"),
                Arguments.of(
                        "server=~\"x{1000}\"",
                        "has a regex in server=~\"x{1000}\" that repeats too much: it would compile to more than 1000"
                                + " instructions (a counted repetition such as {n,m} multiplies what it repeats)"
                                + " (matcher at character 1)"),
                Arguments.of(
                        "server=~\"(a{1000}){1000}\"",
                        "has a regex in server=~\"(a{1000}){1000}\" that repeats too much: it would compile to more"
                                + " than 1000 instructions (a counted repetition such as {n,m} multiplies what it"
                                + " repeats) (matcher at character 1)"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWithAPreciseReason(String typed, String reason) {
        assertThatThrownBy(() -> Selector.parse(typed))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?i)web", "(?i:web)", "(?si)web", "(?s-i:web)", "web|(?i)\u1c80", "[(?i)]"})
    void refusesTheCaseInsensitiveFlagWhichCanHangRe2j(String regex) {
        // RE2/J loops forever on (?i)\u1c80 (google/re2j#168): the refusal must come before compiling.
        String selector = "server=~\"" + regex + "\"";

        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThatThrownBy(() -> Selector.parse(selector))
                        .hasMessageContaining("with the flag i, which is not supported"));
    }

    @Test
    void namesTheFieldItWasGivenIn() {
        assertThatThrownBy(() -> Selector.parse("server"))
                .isInstanceOfSatisfying(
                        InvalidSelectorException.class,
                        e -> assertThat(e.violation("target"))
                                .isEqualTo(new FieldViolation(
                                        "target",
                                        "is not a valid selector: at character 7, expected an operator (=, !=, =~ or !~)"
                                                + " after \"server\", found the end")));
    }

    @Test
    void boundsTheSelectorTheRegexAndTheNumberOfMatchers() {
        String a255 = "a".repeat(255);
        String longest = "server=" + a255 + ",x=" + a255 + ",y=" + a255 + ",z=" + "a".repeat(243);
        assertThat(longest).hasSize(Selector.MAX_BYTES);
        assertThat(Selector.parse(longest).matchers()).hasSize(4);
        assertThatThrownBy(() -> Selector.parse(longest + "a")).hasMessage("must be at most 1024 bytes in UTF-8");
        assertThatThrownBy(() -> Selector.parse("server=~" + "a".repeat(1020)))
                .hasMessage("must be at most 1024 bytes in UTF-8");
        assertThatThrownBy(() -> Selector.parse("server=~\"" + "é".repeat(510) + "\""))
                .hasMessage("must be at most 1024 bytes in UTF-8");

        assertThat(Selector.parse("server=~" + "a".repeat(256)).matchers()).hasSize(1);
        assertThatThrownBy(() -> Selector.parse("server=~" + "a".repeat(257)))
                .hasMessageStartingWith("has a regex longer than 256 characters in server=~\"aaaa");
        assertThat(Selector.parse("server=~\"" + "é".repeat(256) + "\"").matchers())
                .hasSize(1);

        StringJoiner sixteen = new StringJoiner(",");
        for (int i = 0; i < 16; i++) {
            sixteen.add("k" + i + "=v");
        }
        assertThat(Selector.parse(sixteen.toString()).matchers()).hasSize(16);
        assertThatThrownBy(() -> Selector.parse(sixteen + ",k16=v")).hasMessage("must hold at most 16 matchers");
    }

    @Test
    void refusesTextThatGrowsBeyondTheLimitOnceWrittenCanonically() {
        // 219 bytes typed, but each raw BEL is written \u0007 in the canonical form.
        String typed = "x=~\"" + "\u0007".repeat(200) + "\",server=web-42";

        assertThat(typed).hasSize(219);
        assertThatThrownBy(() -> Selector.parse(typed))
                .hasMessage("must be at most 1024 bytes in UTF-8 once written in canonical form");
    }

    @Test
    void refusesARegexThatWouldCompileToAHugeProgramWithoutCompilingIt() {
        // RE2/J spells counted repetitions out: compiling this one runs out of memory.
        String bomb = "server=~\"(((a{1000}){1000}){1000}){1000}\"";

        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThatThrownBy(() -> Selector.parse(bomb)).hasMessageContaining("repeats too much"));
    }

    static final Labels WEB42 = Labels.of(Map.of("server", "web-42", "cluster", "eu-1", "plan", "business"));
    static final Labels VIP = Labels.of(Map.of("server", "web-43", "cluster", "eu-1", "plan", "vip"));
    static final Labels NO_PLAN = Labels.of(Map.of("server", "web-44", "cluster", "eu-1"));
    static final Labels US = Labels.of(Map.of("server", "web-45", "cluster", "us-1"));
    static final Labels NONE = Labels.EMPTY;

    static Stream<Arguments> semantics() {
        return Stream.of(
                Arguments.of("server=web-42", WEB42, true),
                Arguments.of("server=web-42", VIP, false),
                Arguments.of("server=web-42", NONE, false),
                Arguments.of("cluster=eu-1,plan!=vip", WEB42, true),
                Arguments.of("cluster=eu-1,plan!=vip", VIP, false),
                // A missing label is the empty string: plan!=vip matches a site without plan.
                Arguments.of("cluster=eu-1,plan!=vip", NO_PLAN, true),
                Arguments.of("cluster=eu-1,plan!=vip", US, false),
                Arguments.of("cluster=eu-1,plan=\"\"", NO_PLAN, true),
                Arguments.of("cluster=eu-1,plan=\"\"", WEB42, false),
                Arguments.of("cluster=eu-1,plan!=\"\"", NO_PLAN, false),
                Arguments.of("cluster=eu-1,plan!=\"\"", VIP, true),
                Arguments.of("cluster=eu-1,plan=~.*", NO_PLAN, true),
                Arguments.of("cluster=eu-1,plan=~.*", VIP, true),
                Arguments.of("cluster=eu-1,plan=~.+", NO_PLAN, false),
                Arguments.of("server=~web-4[0-9]", WEB42, true),
                Arguments.of("server=~web-4[0-9]", NONE, false),
                // Fully anchored: a prefix, a suffix or a part is no match.
                Arguments.of("server=~web-4", WEB42, false),
                Arguments.of("server=~eb-42", WEB42, false),
                Arguments.of("server=~web", WEB42, false),
                Arguments.of("server=~web-4|db", WEB42, false),
                Arguments.of("server=~db|web-42", WEB42, true),
                Arguments.of("server=~\"[Ww][Ee][Bb]-42\"", WEB42, true),
                Arguments.of("server=~.+,server!~web-4[0-9]", WEB42, false),
                Arguments.of("server=~.+,server!~web-4[0-9]", US, false),
                Arguments.of("server=~.+,server!~web-4[0-4]", US, true),
                Arguments.of("cluster=~eu-.*,server!~web-4[2-3]", NO_PLAN, true),
                Arguments.of("cluster=~eu-.*,server!~web-4[2-3]", VIP, false),
                Arguments.of("server=web-42,server!=web-42", WEB42, false),
                Arguments.of("server=~\"\\\\Qweb-4[0-9]\\\\E\"", WEB42, false),
                Arguments.of("server=~\"\\\\Qweb-4[0-9]\\\\E\"", Labels.of(Map.of("server", "web-4[0-9]")), true),
                Arguments.of("plan=vip,plan=\"\"", VIP, false));
    }

    @ParameterizedTest
    @MethodSource("semantics")
    void matchesAsPrometheusDoes(String selector, Labels labels, boolean matches) {
        assertThat(Selector.parse(selector).matches(labels)).isEqualTo(matches);
    }

    @Test
    void aMatcherTreatsAMissingLabelAsTheEmptyString() {
        assertThat(LabelMatcher.of("plan", MatchType.NOT_EQUAL, "vip").matches(NO_PLAN))
                .isTrue();
        assertThat(LabelMatcher.of("plan", MatchType.NOT_EQUAL, "vip").matchesEmpty())
                .isTrue();
        assertThat(LabelMatcher.of("plan", MatchType.REGEX, ".*").matches(NONE)).isTrue();
        assertThat(LabelMatcher.of("plan", MatchType.REGEX, ".*").matches(VIP)).isTrue();
        assertThat(LabelMatcher.of("plan", MatchType.REGEX, ".+").matchesEmpty())
                .isFalse();
        assertThat(LabelMatcher.of("plan", MatchType.NOT_REGEX, "").matchesEmpty())
                .isFalse();
        assertThat(LabelMatcher.of("plan", MatchType.EQUAL, "").matches(NO_PLAN))
                .isTrue();
    }
}
