package dev.downtime.receiver.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules an answer is judged by, edge by edge. */
class ContractTest {

    static final Instant SENT_AT = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration LIMIT = Duration.ofSeconds(5);
    static final Duration FAST = Duration.ofMillis(40);

    static Stream<Arguments> answersThatFollowTheContract() {
        return Stream.of(
                Arguments.of(200, "ok", FAST),
                Arguments.of(200, "2026-03-01T12:00:01Z", FAST), // one second after sending
                Arguments.of(200, "2017-11-05T13:15:30Z".replace("2017", "2030"), FAST),
                Arguments.of(200, "ok", LIMIT)); // exactly the limit is within it
    }

    @ParameterizedTest(name = "{0} {1} in {2}")
    @MethodSource
    void answersThatFollowTheContract(int status, String body, Duration latency) {
        assertThat(Contract.problems(status, body, latency, LIMIT, SENT_AT)).isEmpty();
    }

    static Stream<Arguments> answersThatBreakIt() {
        return Stream.of(
                Arguments.of(500, "ok", FAST, "status 500, expected 200"),
                Arguments.of(201, "ok", FAST, "status 201, expected 200"),
                Arguments.of(204, "", FAST, "status 204, expected 200; body is empty"),
                Arguments.of(302, "", FAST, "status 302, expected 200"),
                Arguments.of(200, "OK", FAST, "body \"OK\" is not exactly \"ok\""),
                Arguments.of(200, "ok\n", FAST, "body \"ok\\n\" is not exactly \"ok\""),
                Arguments.of(200, "\"ok\"", FAST, "body \"\\\"ok\\\"\" is not exactly \"ok\""),
                Arguments.of(200, " ok", FAST, "body \" ok\" is not exactly \"ok\""),
                Arguments.of(200, "\ufeffok", FAST, "body \"\\ufeffok\" is not exactly \"ok\""),
                Arguments.of(200, "ok.", FAST, "body \"ok.\" is not exactly \"ok\""),
                Arguments.of(200, "okay", FAST, "body \"okay\" is neither \"ok\" nor a time"),
                Arguments.of(200, "", FAST, "body is empty"),
                Arguments.of(200, "{\"status\":\"ok\"}", FAST, "is neither \"ok\" nor a time"),
                Arguments.of(200, "2026-03-01T12:00:00Z", FAST, "time 2026-03-01T12:00:00Z is not in the future"),
                Arguments.of(200, "2020-01-01T00:00:00Z", FAST, "is not in the future: it is 2251 days before"),
                Arguments.of(200, "2026-03-01T11:59:30Z", FAST, "is not in the future: it is 30 s before"),
                Arguments.of(200, "2030-01-01 00:00:00", FAST, "is neither \"ok\" nor a time in the form"),
                Arguments.of(200, "2030-01-01T00:00:00.000Z", FAST, "is neither \"ok\" nor a time"),
                Arguments.of(200, "2030-01-01T00:00:00+00:00", FAST, "is neither \"ok\" nor a time"),
                Arguments.of(200, "2030-01-01T00:00Z", FAST, "is neither \"ok\" nor a time"),
                Arguments.of(200, "1893456000", FAST, "is neither \"ok\" nor a time"),
                Arguments.of(200, "2030-01-01t00:00:00z", FAST, "is not exactly a time in the form"),
                Arguments.of(200, "2030-01-01T00:00:00Z\n", FAST, "is not exactly a time in the form"),
                Arguments.of(200, "2030-02-30T00:00:00Z", FAST, "is no real date and time"),
                Arguments.of(200, "2030-01-01T24:00:00Z", FAST, "is no real date and time"),
                Arguments.of(200, "ok", Duration.ofMillis(5001), "answered in 5001 ms, over the 5 s limit"),
                Arguments.of(
                        404,
                        "not found",
                        Duration.ofSeconds(7),
                        "status 404, expected 200; answered in 7 s, over the 5 s limit"));
    }

    @ParameterizedTest(name = "{0} {1} in {2}: {3}")
    @MethodSource
    void answersThatBreakIt(int status, String body, Duration latency, String problem) {
        assertThat(String.join("; ", Contract.problems(status, body, latency, LIMIT, SENT_AT)))
                .contains(problem);
    }
}
