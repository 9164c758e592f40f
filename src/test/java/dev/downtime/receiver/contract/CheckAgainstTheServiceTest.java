package dev.downtime.receiver.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Our own service, running, passes its own contract check: with no maintenance (every answer
 * {@code ok}) and in maintenance (failures answered with the window's end, the recovery with
 * {@code ok}). The check runs on the service's clock, which the tests pin.
 */
class CheckAgainstTheServiceTest extends PostgresIntegrationTest {

    URI endpoint() {
        return URI.create("http://localhost:" + port + "/webhooks/monitor");
    }

    List<Verdict> check() {
        return new EndpointCheck(clock, CheckOptions.DEFAULT_TIMEOUT)
                .run(
                        endpoint(),
                        Variant.monitorLike(clock.instant(), CheckOptions.DEFAULT_SITE_URL, CheckOptions.DEFAULT_HOST));
    }

    static void assertFollowTheContract(List<Verdict> verdicts) {
        assertThat(verdicts)
                .extracting(v -> v.variant().name())
                .containsExactly(CheckAgainstFakeEndpointTest.VARIANTS.toArray(String[]::new));
        for (Verdict verdict : verdicts) {
            assertThat(verdict.problems()).as(verdict.variant().name()).isEmpty();
            assertThat(verdict.status()).isEqualTo(200);
        }
    }

    @Test
    void everyAnswerOfTheServiceFollowsTheContract() {
        List<Verdict> verdicts = check();

        assertFollowTheContract(verdicts);
        assertThat(verdicts)
                .filteredOn(Verdict::passed)
                .extracting(Verdict::body)
                .containsOnly("ok");
    }

    @Test
    void theEndOfMaintenanceTheServiceAnswersFollowsTheContract() {
        assertThat(
                        mvc.post()
                                .uri("/api/v1/maintenance-windows")
                                .header("Authorization", bearer())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"scope\":\"domain\",\"target\":\"example.com\",\"endsAt\":\"2026-03-01T14:00:00Z\"}"))
                .hasStatus(HttpStatus.CREATED);

        List<Verdict> verdicts = check();

        assertFollowTheContract(verdicts);
        assertThat(verdicts)
                .filteredOn(Verdict::passed)
                .extracting(v -> v.variant().name() + " " + v.body())
                .contains(
                        "spec-example 2026-03-01T14:00:00Z",
                        "form-encoded 2026-03-01T14:00:00Z",
                        "no-content-type 2026-03-01T14:00:00Z",
                        "timeout-code-number 2026-03-01T14:00:00Z",
                        "timeout-code-string 2026-03-01T14:00:00Z",
                        "recovery ok");
        // The clock still stands at T0: a time answered now is in the future, as the spec wants.
        assertThat(clock.instant()).isBefore(Instant.parse("2026-03-01T14:00:00Z"));
    }

    @Test
    void theCommandExitsZeroOnlyWhenEveryAnswerFollowsTheContract() {
        var out = new ByteArrayOutputStream();

        int status = ContractCheckCommand.run(
                List.of("--timeout", "5s", endpoint().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                clock);

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("PASS: all 6 answers follow the contract.");
        assertThat(status).isZero();
        // Every notification the service took is stored like Monitor's.
        assertThat(count("notification")).isEqualTo(6);
    }
}
