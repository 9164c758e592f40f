package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.web.FieldViolation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelsTest {

    @Test
    void keepsTheIssuesLabelsInKeyOrder() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("server", "web-42");
        given.put("cluster", "eu-1");
        given.put("customer", "4711");
        given.put("plan", "business");

        Labels labels = Labels.of(given);

        assertThat(labels.asMap())
                .containsExactly(
                        Map.entry("cluster", "eu-1"),
                        Map.entry("customer", "4711"),
                        Map.entry("plan", "business"),
                        Map.entry("server", "web-42"));
        assertThat(labels.size()).isEqualTo(4);
        assertThat(labels).hasToString("{cluster=\"eu-1\", customer=\"4711\", plan=\"business\", server=\"web-42\"}");
    }

    @Test
    void answersTheEmptyStringForAMissingLabelAsPrometheusDoes() {
        Labels labels = Labels.of(Map.of("server", "web-42"));

        assertThat(labels.get("server")).isEqualTo("web-42");
        assertThat(labels.get("plan")).isEmpty();
        assertThat(labels.has("plan")).isFalse();
        assertThat(Labels.of(Map.of())).isSameAs(Labels.EMPTY);
    }

    @Test
    void equalLabelsAreEqualWhateverTheOrderTheyCameIn() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("a", "1");
        one.put("b", "2");
        Map<String, String> other = new TreeMap<>(java.util.Comparator.reverseOrder());
        other.putAll(one);

        assertThat(Labels.of(one)).isEqualTo(Labels.of(other)).hasSameHashCodeAs(Labels.of(other));
        assertThat(Labels.of(one)).isNotEqualTo(Labels.of(Map.of("a", "1", "b", "3")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "server",
                "customer_id",
                "k8s.cluster",
                "data-center",
                "a0",
                "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"
            })
    void acceptsKeysOfLowerCaseLettersDigitsAndPunctuation(String key) {
        assertThat(Labels.keyViolation(key)).isNull();
        assertThat(Labels.of(Map.of(key, "x")).get(key)).isEqualTo("x");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Server",
                "sERVER",
                "1server",
                "_server",
                "-server",
                ".server",
                "ser ver",
                "ser/ver",
                "sérver",
                "server\u0000",
                "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"
            })
    void refusesKeysOutsideTheRule(String key) {
        assertThat(Labels.keyViolation(key)).startsWith("is not a valid label key");
        assertThatThrownBy(() -> Labels.of(Map.of(key, "x")))
                .isInstanceOfSatisfying(
                        InvalidLabelsException.class,
                        e -> assertThat(e.violations())
                                .singleElement()
                                .satisfies(v -> assertThat(v.field()).startsWith("labels"))
                                .satisfies(v -> assertThat(v.message()).startsWith("is not a valid label key")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"url", "host"})
    void refusesTheKeysOfTheSitesOwnFields(String key) {
        assertThatThrownBy(() -> Labels.of(Map.of(key, "x")))
                .isInstanceOfSatisfying(
                        InvalidLabelsException.class,
                        e -> assertThat(e.violations())
                                .containsExactly(
                                        new FieldViolation(
                                                "labels." + key,
                                                "is reserved for the site's own field of that name and cannot be a label key")));
    }

    @Test
    void namesAnUnprintableKeyByTheLabelsField() {
        assertThatThrownBy(() -> Labels.of(Map.of("a\u0007", "x")))
                .isInstanceOfSatisfying(
                        InvalidLabelsException.class,
                        e -> assertThat(e.violations())
                                .extracting(FieldViolation::field)
                                .containsExactly("labels"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "web-42",
                "x",
                "web 42",
                "Web-42/EU \"primary\"",
                "🙂",
                "ünïcödé",
                "a\u200bb",
            })
    void acceptsPrintableValues(String value) {
        assertThat(Labels.valueViolation(value)).isNull();
    }

    @Test
    void acceptsValuesUpTo255BytesInUtf8() {
        String ascii = "a".repeat(255);
        String twoByte = "é".repeat(127) + "a";
        String emoji = "🙂".repeat(63) + "abc";

        assertThat(Labels.valueViolation(ascii)).isNull();
        assertThat(Labels.valueViolation(twoByte)).isNull();
        assertThat(Labels.valueViolation(emoji)).isNull();
        assertThat(Labels.valueViolation(ascii + "a")).isEqualTo("must be at most 255 bytes in UTF-8");
        assertThat(Labels.valueViolation("é".repeat(128))).isEqualTo("must be at most 255 bytes in UTF-8");
        assertThat(Labels.valueViolation("🙂".repeat(64))).isEqualTo("must be at most 255 bytes in UTF-8");
    }

    @Test
    void refusesEmptyUnprintableOrPaddedValues() {
        assertThat(Labels.valueViolation("")).isEqualTo("must not be empty: leave the label out instead");
        assertThat(Labels.valueViolation("web\t42")).isEqualTo("must not contain control characters");
        assertThat(Labels.valueViolation("web\n")).isEqualTo("must not contain control characters");
        assertThat(Labels.valueViolation("web\u0085")).isEqualTo("must not contain control characters");
        assertThat(Labels.valueViolation("web\u007f")).isEqualTo("must not contain control characters");
        assertThat(Labels.valueViolation(" web-42")).isEqualTo("must not start or end with a blank");
        assertThat(Labels.valueViolation("web-42\u00a0")).isEqualTo("must not start or end with a blank");
        assertThat(Labels.valueViolation("web-42\u3000")).isEqualTo("must not start or end with a blank");
        assertThat(Labels.valueViolation("web\ud800")).isEqualTo("must be valid Unicode (no unpaired surrogate)");
    }

    @Test
    void reportsEveryBrokenRuleAtOnceNamingTheLabel() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("server", "");
        given.put("plan", "x".repeat(300));
        given.put("Cluster", "eu-1");
        given.put("customer", "4711");

        assertThatThrownBy(() -> Labels.of(given))
                .isInstanceOfSatisfying(
                        InvalidLabelsException.class,
                        e -> assertThat(e.violations())
                                .containsExactlyInAnyOrder(
                                        new FieldViolation(
                                                "labels.server", "must not be empty: leave the label out instead"),
                                        new FieldViolation("labels.plan", "must be at most 255 bytes in UTF-8"),
                                        new FieldViolation(
                                                "labels.Cluster",
                                                "is not a valid label key: it must start with a lower-case letter a-z and go"
                                                        + " on with at most 62 of a-z, 0-9, '_', '.' and '-'")));
    }

    @Test
    void refusesMoreThan32Labels() {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < 32; i++) {
            labels.put("k" + i, "v");
        }
        assertThat(Labels.of(labels).size()).isEqualTo(32);

        labels.put("k32", "v");
        assertThatThrownBy(() -> Labels.of(labels))
                .isInstanceOfSatisfying(
                        InvalidLabelsException.class,
                        e -> assertThat(e.violations())
                                .containsExactly(new FieldViolation("labels", "must hold at most 32 labels")));
    }
}
