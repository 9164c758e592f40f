package dev.downtime.receiver.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The audit log and {@code createdBy} name an operator by name only, so an issued token may not take
 * the name of an active token or of a configured one ({@code ops} and {@code alice} here).
 */
class TokenNamesTest extends PostgresIntegrationTest {

    MvcTestResult issue(String name) {
        return mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"role\":\"editor\"}")
                .exchange();
    }

    long tokensNamed(String name) {
        return jdbc.sql("SELECT count(*) FROM admin_token WHERE lower(name) = lower(:name)")
                .param("name", name.strip())
                .query(Long.class)
                .single();
    }

    @Test
    void refusesTheNameOfAnActiveTokenAndStoresNoSecondOne() {
        assertThat(issue("bob")).hasStatus(HttpStatus.CREATED);
        long audited = count("audit_event"); // append-only: kept between tests

        MvcTestResult again = issue("bob");

        assertThat(again).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<List<String>>read(body(again), "$.errors[*].field"))
                .containsExactly("name");
        assertThat(body(again)).doesNotContain("\"token\"");
        assertThat(tokensNamed("bob")).isEqualTo(1);
        assertThat(count("audit_event")).isEqualTo(audited);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"BOB", "Bob", " bob", "bob  ", " BoB "})
    void refusesTheNameOfAnActiveTokenWhateverItsCaseOrSurroundingSpaces(String variant) {
        assertThat(issue("bob")).hasStatus(HttpStatus.CREATED);

        MvcTestResult again = issue(variant);

        assertThat(again).hasStatus(HttpStatus.CONFLICT);
        assertThat(JsonPath.<List<String>>read(body(again), "$.errors[*].field"))
                .containsExactly("name");
        assertThat(tokensNamed("bob")).isEqualTo(1);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"ops", "alice", "OPS", " Alice ", "aLiCe"})
    void refusesTheNameOfAConfiguredToken(String name) {
        MvcTestResult result = issue(name);

        assertThat(result).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .containsExactly("name");
        assertThat(count("admin_token")).isZero();
    }

    @Test
    void letsTheNameOfARevokedTokenBeTakenAgain() {
        String first = JsonPath.read(body(issue("bob")), "$.id");
        assertThat(mvc.delete().uri("/api/v1/tokens/" + first).header("Authorization", bearer()))
                .hasStatus(HttpStatus.NO_CONTENT);

        MvcTestResult again = issue("Bob");

        assertThat(again).hasStatus(HttpStatus.CREATED);
        String second = JsonPath.read(body(again), "$.id");
        assertThat(second).isNotEqualTo(first);
        assertThat(tokensNamed("bob")).isEqualTo(2);
        // Each token's audit entries keep its own id, so the two holders stay apart there.
        assertThat(jdbc.sql("SELECT subject_id::text FROM audit_event WHERE action = 'token.created'"
                                + " AND subject_id IN (CAST(:first AS uuid), CAST(:second AS uuid))")
                        .param("first", first)
                        .param("second", second)
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder(first, second);
        assertThat(issue("bob")).hasStatus(HttpStatus.CONFLICT);
    }

    /** Requests racing for one name over real HTTP: the database lets exactly one of them win. */
    @Test
    void issuesOneTokenWhenRequestsRaceForTheSameName() throws Exception {
        int racers = 8;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tokens"))
                .header("Authorization", bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"racer\",\"role\":\"viewer\"}"))
                .build();
        List<Callable<Integer>> calls = IntStream.range(0, racers)
                .<Callable<Integer>>mapToObj(i -> () -> send(request).statusCode())
                .toList();

        List<Integer> statuses;
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            statuses = pool.invokeAll(calls).stream().map(TokenNamesTest::get).toList();
        }

        assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        assertThat(tokensNamed("racer")).isEqualTo(1);
    }

    private static int get(Future<Integer> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
