package dev.downtime.receiver.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.contract.FakeEndpoint.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The check against endpoints that answer right and, mostly, wrong: it must fail those, naming
 * what is wrong, with a non-zero exit status.
 */
class CheckAgainstFakeEndpointTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String TOKEN = "Zx8-q2Lw_0pVt7Ck3mYb9Ra";
    static final List<String> VARIANTS = List.of(
            "spec-example",
            "form-encoded",
            "no-content-type",
            "timeout-code-number",
            "timeout-code-string",
            "recovery");

    record Run(int status, String out, String err) {

        List<String> lines(String verdict) {
            return out.lines().filter(line -> line.startsWith(verdict + "  ")).toList();
        }
    }

    static Run check(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = ContractCheckCommand.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passesAnEndpointThatAnswersOk() {
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "ok"))) {
            Run run = check(endpoint.url("/webhooks/monitor").toString());

            assertThat(run.status()).isZero();
            assertThat(run.lines("PASS")).hasSize(6);
            assertThat(run.lines("FAIL")).isEmpty();
            assertThat(run.out()).contains("PASS: all 6 answers follow the contract.");
        }
    }

    @Test
    void passesAnEndpointThatAnswersAFutureTime() {
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "2026-03-01T12:00:01Z"))) {
            Run run = check(endpoint.url("/webhooks/monitor").toString());

            assertThat(run.status()).isZero();
            assertThat(run.lines("PASS"))
                    .hasSize(6)
                    .allSatisfy(line -> assertThat(line).contains("\"2026-03-01T12:00:01Z\""));
        }
    }

    @Test
    void postsMonitorLikeNotificationsInEveryFraming() {
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "ok"))) {
            check(
                    "--url-under-test",
                    "https://shop.example.net/",
                    "--host=acme",
                    endpoint.url("/hooks/" + TOKEN).toString());

            assertThat(endpoint.requests)
                    .extracting(FakeEndpoint.Request::method, FakeEndpoint.Request::path)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple("POST", "/hooks/" + TOKEN));
            assertThat(endpoint.requests)
                    .extracting(FakeEndpoint.Request::contentType)
                    .containsExactly(
                            "application/json",
                            "application/x-www-form-urlencoded",
                            null,
                            "application/json",
                            "application/json",
                            "application/json");
            long ts = NOW.getEpochSecond();
            String url = "\"url\":\"https:\\/\\/shop.example.net\\/\"";
            assertThat(endpoint.requests)
                    .extracting(FakeEndpoint.Request::body)
                    .containsExactly(
                            "{\"ts\":" + (ts - 5) + "," + url + ",\"code\":403,\"host\":\"acme\",\"type\":\"http\"}",
                            "{\"ts\":" + (ts - 4) + "," + url + ",\"code\":503,\"host\":\"acme\",\"type\":\"http\"}",
                            "{\"ts\":" + (ts - 3) + "," + url + ",\"code\":500,\"host\":\"acme\",\"type\":\"http\"}",
                            "{\"ts\":" + (ts - 2) + "," + url + ",\"code\":0,\"host\":\"acme\",\"type\":\"http\"}",
                            "{\"ts\":" + (ts - 1) + "," + url + ",\"code\":\"0\",\"host\":\"acme\",\"type\":\"http\"}",
                            "{\"ts\":" + ts + "," + url + ",\"code\":200,\"host\":\"acme\",\"type\":\"http\"}");
            assertThat(endpoint.requests)
                    .extracting(FakeEndpoint.Request::userAgent)
                    .containsOnly(EndpointCheck.USER_AGENT);
        }
    }

    @Test
    void sendsTheSpecExampleAsTheSpecWritesIt() {
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "ok"))) {
            check(endpoint.url("/").toString());

            // The spec's example, but for ts: {"ts":1385139152,"url":"http:\/\/example.com","code":403,...}
            assertThat(endpoint.requests.getFirst().body())
                    .isEqualTo(
                            "{\"ts\":" + (NOW.getEpochSecond() - 5)
                                    + ",\"url\":\"http:\\/\\/example.com\",\"code\":403,\"host\":\"example\",\"type\":\"http\"}");
        }
    }

    static Stream<Arguments> wrongAnswers() {
        return Stream.of(
                Arguments.of(Answer.of(500, "ok"), "status 500, expected 200"),
                Arguments.of(Answer.of(204, ""), "status 204, expected 200"),
                Arguments.of(Answer.of(301, ""), "status 301, expected 200"),
                Arguments.of(Answer.of(200, "OK\n"), "body \"OK\\n\" is not exactly \"ok\""),
                Arguments.of(
                        Answer.of(200, "2026-03-01T11:00:00Z"),
                        "time 2026-03-01T11:00:00Z is not in the future: it is 60 min before"),
                Arguments.of(
                        Answer.of(200, "2026-03-01 13:00:00"),
                        "body \"2026-03-01 13:00:00\" is neither \"ok\" nor a time in the form yyyy-MM-ddTHH:mm:ssZ"),
                Arguments.of(
                        Answer.of(200, "2026-03-01T13:00:00.000Z"),
                        "body \"2026-03-01T13:00:00.000Z\" is neither \"ok\" nor a time"),
                Arguments.of(Answer.of(200, "x".repeat(5000)), "body longer than 4096 bytes"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void wrongAnswers(Answer answer, String problem) {
        try (var endpoint = FakeEndpoint.answering(answer)) {
            Run run = check(endpoint.url("/webhooks/monitor").toString());

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.lines("FAIL"))
                    .hasSize(6)
                    .allSatisfy(line -> assertThat(line).contains(problem));
            assertThat(run.out()).contains("FAIL: 6 of 6 answers break the contract");
        }
    }

    @Test
    void failsAnEndpointThatAnswersTooLate() {
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "ok").after(Duration.ofSeconds(3)))) {
            long start = System.nanoTime();
            Run run = check(
                    "--timeout", "300ms", endpoint.url("/webhooks/monitor").toString());

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.lines("FAIL"))
                    .hasSize(6)
                    .allSatisfy(line -> assertThat(line).contains("---").endsWith("no answer within 300 ms"));
            // Each gives up at its limit instead of waiting for the answer.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void failsAnEndpointWhoseBodyTakesTooLongToArrive() {
        // Headers at once, then "ok" a byte every 400 ms: the whole answer counts, not its first line.
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "ok").dripping(Duration.ofMillis(400)))) {
            Run run = check(
                    "--timeout", "300ms", endpoint.url("/webhooks/monitor").toString());

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.lines("FAIL"))
                    .hasSize(6)
                    .allSatisfy(line -> assertThat(line).endsWith("no answer within 300 ms"));
        }
    }

    @Test
    void failsOnlyTheNotificationsAnEndpointRefuses() {
        // As a parser that takes code only as a JSON number answers the spec's "code": "0".
        try (var endpoint = new FakeEndpoint(request -> request.body().contains("\"code\":\"0\"")
                ? Answer.of(400, "code must be an integer")
                : Answer.of(200, "ok"))) {
            Run run = check(endpoint.url("/webhooks/monitor").toString());

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.lines("PASS")).hasSize(5);
            assertThat(run.lines("FAIL"))
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .matches("FAIL  timeout-code-string  400 +\\d+ ms  \"code must be an integer\""
                            + "  status 400, expected 200");
            assertThat(run.out()).contains("FAIL: 1 of 6 answers break the contract: timeout-code-string.");
        }
    }

    @Test
    void failsAnEndpointNobodyListensOn() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = check("http://127.0.0.1:" + port + "/webhooks/monitor");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines("FAIL"))
                .hasSize(6)
                .allSatisfy(line -> assertThat(line).endsWith("no answer: connection refused"));
    }

    @Test
    void reportsAsJsonForScripts() {
        try (var endpoint = new FakeEndpoint(
                request -> request.body().contains("\"code\":503") ? Answer.of(200, "OK\n") : Answer.of(200, "ok"))) {
            Run run = check("--json", endpoint.url("/webhooks/monitor").toString());

            assertThat(run.status()).isEqualTo(1);
            JsonNode report = JsonMapper.shared().readTree(run.out());
            assertThat(report.get("passed").asBoolean()).isFalse();
            assertThat(report.get("timeoutMillis").asLong()).isEqualTo(5000);
            assertThat(report.get("site").asString()).isEqualTo("http://example.com");
            List<String> names = new ArrayList<>();
            report.get("answers")
                    .forEach(answer -> names.add(answer.get("variant").asString()));
            assertThat(names).isEqualTo(VARIANTS);
            JsonNode form = report.get("answers").get(1);
            assertThat(form.get("passed").asBoolean()).isFalse();
            assertThat(form.get("status").asInt()).isEqualTo(200);
            assertThat(form.get("body").asString()).isEqualTo("OK\n");
            assertThat(form.get("contentType").asString()).isEqualTo("application/x-www-form-urlencoded");
            assertThat(form.get("problems").get(0).asString()).startsWith("body \"OK\\n\" is not exactly \"ok\"");
            JsonNode spec = report.get("answers").get(0);
            assertThat(spec.get("passed").asBoolean()).isTrue();
            assertThat(spec.get("problems")).isEmpty();
            assertThat(spec.get("request").asString()).contains("\"url\":\"http:\\/\\/example.com\"");
        }
    }

    @Test
    void keepsTheEndpointsTokenOutOfTheReport() {
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "ok"))) {
            Run text = check(endpoint.url("/webhooks/monitor/" + TOKEN).toString());
            Run json = check(
                    "--json",
                    endpoint.url("/webhooks/monitor/" + TOKEN + "?key=secret").toString());

            assertThat(text.out()).contains("/webhooks/monitor/****").doesNotContain(TOKEN);
            assertThat(json.out())
                    .contains("/webhooks/monitor/****?****")
                    .doesNotContain(TOKEN)
                    .doesNotContain("secret");
            assertThat(endpoint.requests)
                    .extracting(FakeEndpoint.Request::path)
                    .allSatisfy(path -> assertThat(path).isEqualTo("/webhooks/monitor/" + TOKEN));
        }
    }

    static Stream<Arguments> wrongCommandLines() {
        return Stream.of(
                Arguments.of(List.of(), "the endpoint URL is missing"),
                Arguments.of(List.of("http://a.example", "http://b.example"), "one endpoint URL at a time"),
                Arguments.of(List.of("ftp://a.example/"), "must be an http:// or https:// URL"),
                Arguments.of(List.of("/webhooks/monitor"), "must be an http:// or https:// URL"),
                Arguments.of(List.of("http://a.example/ x"), "is not a valid URL"),
                Arguments.of(List.of("--bogus", "1", "http://a.example"), "unknown option --bogus"),
                Arguments.of(List.of("--timeout", "soon", "http://a.example"), "--timeout soon is no duration"),
                Arguments.of(List.of("--timeout=0s", "http://a.example"), "--timeout must be more than 0"),
                Arguments.of(List.of("--timeout=1h", "http://a.example"), "at most 10m"),
                Arguments.of(List.of("http://a.example", "--host"), "--host needs a value"),
                Arguments.of(List.of("--host=", "http://a.example"), "--host must not be blank"),
                Arguments.of(List.of("--json=yes", "http://a.example"), "--json takes no value"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void wrongCommandLines(List<String> args, String message) {
        Run run = check(args.toArray(String[]::new));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("--help");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void explainsItselfOnHelp() {
        Run run = check("--help");

        assertThat(run.status()).isZero();
        assertThat(run.out())
                .startsWith("Usage: java -jar downtime-receiver.jar check [options] <endpoint-url>")
                .contains("--url-under-test", "--host", "--timeout", "--json", "Exit status");
        VARIANTS.forEach(name -> assertThat(run.out()).contains("  " + name + " "));
    }
}
