package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.LongUrls;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

class MaintenanceWindowApiTest extends PostgresIntegrationTest {

    static final String WINDOWS = "/api/v1/maintenance-windows";

    MvcTestResult create(String json) {
        return mvc.post()
                .uri(WINDOWS)
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json)
                .exchange();
    }

    String createdId(String json) {
        MvcTestResult result = create(json);
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return JsonPath.read(body(result), "$.id");
    }

    static String window(String scope, String target, String startsAt, String endsAt) {
        return """
                {"scope":"%s","target":"%s","startsAt":"%s","endsAt":"%s","reason":"planned work"}""".formatted(scope, target, startsAt, endsAt);
    }

    MvcTestResult get(String uri) {
        return mvc.get().uri(uri).header("Authorization", bearer()).exchange();
    }

    @Nested
    class Authentication {

        @Test
        void refusesRequestsWithoutATokenWithAProblem() {
            assertThat(mvc.get().uri(WINDOWS))
                    .hasStatus(HttpStatus.UNAUTHORIZED)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .hasHeader("WWW-Authenticate", "Bearer realm=\"downtime-receiver\"")
                    .bodyJson()
                    .extractingPath("$.status")
                    .isEqualTo(401);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "Bearer wrong-token-0123456789",
                    "Bearer test-admin-token-012345678",
                    "Bearer test-admin-token-01234567890",
                    "Bearer ",
                    "Basic b3BzOnRlc3Q=",
                    IntegrationTest.ADMIN_TOKEN
                })
        void refusesWrongTokensAndSchemes(String authorization) {
            assertThat(mvc.get().uri(WINDOWS).header("Authorization", authorization))
                    .hasStatus(HttpStatus.UNAUTHORIZED)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson()
                    .extractingPath("$.detail")
                    .isEqualTo("The bearer token is not valid.");
        }

        @Test
        void guardsEveryAdminPathIncludingUnknownOnes() {
            assertThat(mvc.get().uri("/api/v1/notifications")).hasStatus(HttpStatus.UNAUTHORIZED);
            assertThat(mvc.get().uri("/api/v1/decision?url=example.com")).hasStatus(HttpStatus.UNAUTHORIZED);
            assertThat(mvc.get().uri("/api/v2/anything")).hasStatus(HttpStatus.UNAUTHORIZED);
        }

        @Test
        void leavesTheWebhookAndHealthOpen() {
            assertThat(mvc.get().uri("/actuator/health")).hasStatusOk();
            assertThat(mvc.post().uri("/webhooks/monitor").content("{\"url\":\"example.com\",\"code\":500}"))
                    .hasStatusOk();
        }

        @Test
        void recordsTheTokenNameAsCreator() {
            MvcTestResult result = mvc.post()
                    .uri(WINDOWS)
                    .header("Authorization", "bearer " + IntegrationTest.ALICE_TOKEN)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(window("host", "example", "2026-03-01T12:00:00Z", "2026-03-01T13:00:00Z"))
                    .exchange();

            assertThat(result).bodyJson().extractingPath("$.createdBy").isEqualTo("alice");
        }
    }

    @Nested
    class Creating {

        @Test
        void createsAWindowWithLocationAndNormalizedTarget() {
            MvcTestResult result = create(
                    window("url", "HTTPS://Example.com:443/Shop/", "2026-03-01T11:00:00Z", "2026-03-01T14:00:00Z"));

            assertThat(result).hasStatus(HttpStatus.CREATED);
            String id = JsonPath.read(body(result), "$.id");
            assertThat(result.getResponse().getHeader("Location")).endsWith(WINDOWS + "/" + id);
            assertThat(result).bodyJson().isLenientlyEqualTo("""
                            {"scope":"url","target":"https://example.com/Shop","startsAt":"2026-03-01T11:00:00Z",
                             "endsAt":"2026-03-01T14:00:00Z","reason":"planned work","createdBy":"ops",
                             "createdAt":"2026-03-01T12:00:00Z","updatedAt":"2026-03-01T12:00:00Z","endedAt":null,
                             "state":"active"}""");
            assertThat(get(WINDOWS + "/" + id))
                    .hasStatusOk()
                    .bodyJson()
                    .extractingPath("$.id")
                    .isEqualTo(id);
        }

        @Test
        void startsNowWhenNoStartIsGiven() {
            MvcTestResult result =
                    create("{\"scope\":\"domain\",\"target\":\"*.example.com\",\"endsAt\":\"2026-03-01T13:00:00Z\"}");

            assertThat(result).hasStatus(HttpStatus.CREATED);
            assertThat(result).bodyJson().extractingPath("$.startsAt").isEqualTo("2026-03-01T12:00:00Z");
            assertThat(result).bodyJson().extractingPath("$.state").isEqualTo("active");
        }

        @Test
        void takesEffectOnTheWebhookAtOnce() {
            createdId(window("domain", "example.com", "2026-03-01T11:00:00Z", "2026-03-01T14:00:00Z"));

            assertThat(postWebhook("{\"url\":\"example.com\",\"code\":500}").body())
                    .isEqualTo("2026-03-01T14:00:00Z");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                ends before start       | {"scope":"host","target":"h","startsAt":"2026-03-01T13:00:00Z","endsAt":"2026-03-01T12:30:00Z"} | endsAt | must be after startsAt
                ends at start           | {"scope":"host","target":"h","startsAt":"2026-03-01T13:00:00Z","endsAt":"2026-03-01T13:00:00Z"} | endsAt | must be after startsAt
                ends in the past        | {"scope":"host","target":"h","startsAt":"2026-03-01T10:00:00Z","endsAt":"2026-03-01T11:00:00Z"} | endsAt | must be in the future
                longer than 31 days     | {"scope":"host","target":"h","startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-04-01T12:00:01Z"} | endsAt | must be at most 31 days after startsAt
                invalid url target      | {"scope":"url","target":"ftp://x","endsAt":"2026-03-01T13:00:00Z"}                              | target | is not a valid URL: it scheme must be http or https
                url as domain target    | {"scope":"domain","target":"http://example.com","endsAt":"2026-03-01T13:00:00Z"}               | target | is not a valid domain: use example.com or *.example.com
                wildcard over a TLD     | {"scope":"domain","target":"*.com","endsAt":"2026-03-01T13:00:00Z"}                            | target | must not be a wildcard over a top-level domain
                blank target            | {"scope":"host","target":" ","endsAt":"2026-03-01T13:00:00Z"}                                  | target | must not be blank
                missing scope           | {"target":"h","endsAt":"2026-03-01T13:00:00Z"}                                                 | scope  | must not be null
                missing end             | {"scope":"host","target":"h"}                                                                  | endsAt | must not be null
                unknown scope           | {"scope":"galaxy","target":"h","endsAt":"2026-03-01T13:00:00Z"}                                | scope  | has a value of the wrong type or format
                unparseable end         | {"scope":"host","target":"h","endsAt":"tomorrow"}                                              | endsAt | has a value of the wrong type or format
                misspelled field        | {"scope":"host","target":"h","endAt":"2026-03-01T13:00:00Z"}                                   | endAt  | is not a known field
                overlong reason         | {"scope":"host","target":"h","endsAt":"2026-03-01T13:00:00Z","reason":"%s"}                    | reason | size must be between 0 and 2000
                """)
        void refusesInvalidWindowsWithFieldDetails(String rule, String json, String field, String message) {
            MvcTestResult result = create(json.replace("%s", "r".repeat(2001)));

            assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            String body = body(result);
            List<String> fields = JsonPath.read(body, "$.errors[*].field");
            List<String> messages = JsonPath.read(body, "$.errors[*].message");
            assertThat(fields).contains(field);
            assertThat(messages).contains(message);
            assertThat(count("maintenance_window")).isZero();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"", "not json", "{\"scope\":", "[]"})
        void refusesUnreadableBodiesWithAProblem(String body) {
            assertThat(create(body))
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson()
                    .extractingPath("$.status")
                    .isEqualTo(400);
        }
    }

    @Nested
    class Listing {

        @Test
        void listsNewestFirstInPages() {
            for (int i = 0; i < 5; i++) {
                createdId(window("host", "host-" + i, "2026-03-01T12:00:00Z", "2026-03-01T13:00:00Z"));
                clock.advance(Duration.ofSeconds(1));
            }

            String page0 = body(get(WINDOWS + "?size=2"));
            String page2 = body(get(WINDOWS + "?size=2&page=2"));

            assertThat(JsonPath.<List<String>>read(page0, "$.items[*].target")).containsExactly("host-4", "host-3");
            assertThat(JsonPath.<Integer>read(page0, "$.totalItems")).isEqualTo(5);
            assertThat(JsonPath.<Integer>read(page0, "$.totalPages")).isEqualTo(3);
            assertThat(JsonPath.<List<String>>read(page2, "$.items[*].target")).containsExactly("host-0");
        }

        @Test
        void filtersByStateAtTheCurrentInstant() {
            createdId(window("host", "active", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z"));
            createdId(window("host", "upcoming", "2026-03-01T12:30:00Z", "2026-03-01T13:00:00Z"));
            createdId(window("host", "short", "2026-03-01T11:00:00Z", "2026-03-01T12:10:00Z"));
            clock.advance(Duration.ofMinutes(10)); // "short" ends exactly now

            assertThat(targets("?state=active")).containsExactly("active");
            assertThat(targets("?state=upcoming")).containsExactly("upcoming");
            assertThat(targets("?state=ended")).containsExactly("short");
            assertThat(targets("")).containsExactlyInAnyOrder("active", "upcoming", "short");
        }

        @Test
        void filtersByScopeTargetAndMatchingUrl() {
            createdId(window("url", "http://shop.example.com/cart", "2026-03-01T12:00:00Z", "2026-03-01T13:00:00Z"));
            createdId(window("domain", "*.example.com", "2026-03-01T12:00:00Z", "2026-03-01T13:00:00Z"));
            createdId(window("domain", "example.com", "2026-03-01T12:00:00Z", "2026-03-01T13:00:00Z"));
            createdId(window("host", "example", "2026-03-01T12:00:00Z", "2026-03-01T13:00:00Z"));

            assertThat(targets("?scope=domain")).containsExactlyInAnyOrder("*.example.com", "example.com");
            assertThat(targets("?target=EXAMPLE.com")).containsExactly("example.com");
            assertThat(targets("?url=http://Shop.Example.com/cart/"))
                    .containsExactlyInAnyOrder("http://shop.example.com/cart", "*.example.com");
            assertThat(targets("?url=example.com")).containsExactly("example.com");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                ?state=over    | state | must be one of upcoming, active, ended
                ?scope=planet  | scope | must be one of url, domain, host, selector
                ?page=-1       | page  | must be greater than or equal to 0
                ?size=0        | size  | must be greater than or equal to 1
                ?size=201      | size  | must be less than or equal to 200
                ?page=x        | page  | must be an integer
                ?url=ftp://x   | url   |
                /not-a-uuid    | id    | must be a UUID
                """)
        void refusesInvalidQueryParametersWithAProblemNamingTheField(
                String query, String field, @Nullable String message) {
            MvcTestResult result = get(WINDOWS + query);

            assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                    .containsExactly(field);
            if (message != null) {
                assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].message"))
                        .containsExactly(message);
            }
        }

        private List<String> targets(String query) {
            return JsonPath.read(body(get(WINDOWS + query)), "$.items[*].target");
        }
    }

    @Nested
    class Changing {

        @Test
        void reschedulesAWindowThatHasNotEnded() {
            String id = createdId(window("host", "example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z"));
            clock.advance(Duration.ofMinutes(5));

            MvcTestResult result = mvc.put()
                    .uri(WINDOWS + "/" + id)
                    .header("Authorization", bearer())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"scope\":\"host\",\"target\":\"example\",\"endsAt\":\"2026-03-01T15:00:00Z\"}")
                    .exchange();

            assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                            {"startsAt":"2026-03-01T11:00:00Z","endsAt":"2026-03-01T15:00:00Z",
                             "createdAt":"2026-03-01T12:00:00Z","updatedAt":"2026-03-01T12:05:00Z"}""");
            assertThat(postWebhook("{\"url\":\"a.test\",\"code\":500,\"host\":\"example\"}")
                            .body())
                    .isEqualTo("2026-03-01T15:00:00Z");
        }

        @Test
        void refusesToRescheduleAnEndedWindow() {
            String id = createdId(window("host", "example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z"));
            clock.advance(Duration.ofHours(2));

            assertThat(mvc.put()
                            .uri(WINDOWS + "/" + id)
                            .header("Authorization", bearer())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"scope\":\"host\",\"target\":\"example\",\"endsAt\":\"2026-03-01T18:00:00Z\"}"))
                    .hasStatus(HttpStatus.CONFLICT)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }

        @Test
        void endsAnActiveWindowNowAndTheWebhookStopsAnsweringWithIt() {
            String id = createdId(window("host", "example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z"));
            clock.advance(Duration.ofMinutes(5));

            assertThat(mvc.post().uri(WINDOWS + "/" + id + "/end").header("Authorization", bearer()))
                    .hasStatusOk()
                    .bodyJson()
                    .isLenientlyEqualTo("{\"state\":\"ended\",\"endedAt\":\"2026-03-01T12:05:00Z\"}");
            assertThat(postWebhook("{\"url\":\"a.test\",\"code\":500,\"host\":\"example\"}")
                            .body())
                    .isEqualTo("ok");
            assertThat(mvc.post().uri(WINDOWS + "/" + id + "/end").header("Authorization", bearer()))
                    .hasStatus(HttpStatus.CONFLICT);
        }

        @Test
        void endingAnUpcomingWindowCancelsIt() {
            String id = createdId(window("host", "example", "2026-03-01T14:00:00Z", "2026-03-01T15:00:00Z"));

            assertThat(mvc.post().uri(WINDOWS + "/" + id + "/end").header("Authorization", bearer()))
                    .bodyJson()
                    .extractingPath("$.state")
                    .isEqualTo("ended");
            clock.set(java.time.Instant.parse("2026-03-01T14:30:00Z"));
            assertThat(postWebhook("{\"url\":\"a.test\",\"code\":500,\"host\":\"example\"}")
                            .body())
                    .isEqualTo("ok");
        }

        @Test
        void deletesOnlyUpcomingWindows() {
            String upcoming = createdId(window("host", "u", "2026-03-01T14:00:00Z", "2026-03-01T15:00:00Z"));
            String active = createdId(window("host", "a", "2026-03-01T11:00:00Z", "2026-03-01T15:00:00Z"));
            String ended = createdId(window("host", "e", "2026-03-01T14:00:00Z", "2026-03-01T15:00:00Z"));
            mvc.post()
                    .uri(WINDOWS + "/" + ended + "/end")
                    .header("Authorization", bearer())
                    .exchange();

            assertThat(mvc.delete().uri(WINDOWS + "/" + upcoming).header("Authorization", bearer()))
                    .hasStatus(HttpStatus.NO_CONTENT);
            assertThat(get(WINDOWS + "/" + upcoming)).hasStatus(HttpStatus.NOT_FOUND);
            assertThat(mvc.delete().uri(WINDOWS + "/" + active).header("Authorization", bearer()))
                    .hasStatus(HttpStatus.CONFLICT)
                    .bodyJson()
                    .extractingPath("$.detail")
                    .asString()
                    .contains("only upcoming windows can be deleted");
            assertThat(mvc.delete().uri(WINDOWS + "/" + ended).header("Authorization", bearer()))
                    .hasStatus(HttpStatus.CONFLICT);
            assertThat(count("maintenance_window")).isEqualTo(2);
        }

        @Test
        void answers404ForUnknownWindowsAnd400ForMalformedIds() {
            String unknown = WINDOWS + "/00000000-0000-0000-0000-000000000000";
            assertThat(get(unknown)).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(mvc.post().uri(unknown + "/end").header("Authorization", bearer()))
                    .hasStatus(HttpStatus.NOT_FOUND);
            assertThat(mvc.delete().uri(unknown).header("Authorization", bearer()))
                    .hasStatus(HttpStatus.NOT_FOUND);
            assertThat(get(WINDOWS + "/not-a-uuid"))
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    /** Targets may be as long as a URL may be (4096 bytes): they are indexed by their digest. */
    @Nested
    class LongTargets {

        @Test
        void takesAUrlTargetAtTheLimitAndFindsItByTargetAndByUrl() {
            String url = LongUrls.ofBytes(4096, 7);

            String id = createdId(window("url", url, "2026-03-01T11:00:00Z", "2026-03-01T14:00:00Z"));

            assertThat(JsonPath.<List<String>>read(
                            body(mvc.get()
                                    .uri(WINDOWS)
                                    .param("target", url)
                                    .header("Authorization", bearer())
                                    .exchange()),
                            "$.items[*].id"))
                    .containsExactly(id);
            assertThat(JsonPath.<List<String>>read(
                            body(mvc.get()
                                    .uri(WINDOWS)
                                    .param("url", url)
                                    .header("Authorization", bearer())
                                    .exchange()),
                            "$.items[*].id"))
                    .containsExactly(id);
            assertThat(postWebhook("{\"url\":\"" + url + "\",\"code\":503}").body())
                    .isEqualTo("2026-03-01T14:00:00Z");
        }

        @Test
        void refusesATargetOverTheLimitNamingTheField() {
            String url = LongUrls.ofBytes(4097, 7);

            assertThat(create(window("url", url, "2026-03-01T11:00:00Z", "2026-03-01T14:00:00Z")))
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .bodyJson()
                    .extractingPath("$.errors[0].field")
                    .isEqualTo("target");
            assertThat(count("maintenance_window")).isZero();
        }
    }

    /** A window's version is its ETag; a change based on an older one is refused, not applied. */
    @Nested
    class OptimisticLocking {

        @Autowired
        MaintenanceWindowRepository repository;

        @Autowired
        TransactionTemplate transaction;

        @Autowired
        DataSource dataSource;

        MvcTestResult reschedule(String id, @Nullable String ifMatch, String endsAt) {
            var request = mvc.put()
                    .uri(WINDOWS + "/" + id)
                    .header("Authorization", bearer())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"scope\":\"host\",\"target\":\"example\",\"endsAt\":\"" + endsAt + "\"}");
            return (ifMatch == null ? request : request.header("If-Match", ifMatch)).exchange();
        }

        @Test
        void givesEachVersionOfAWindowItsOwnETag() {
            MvcTestResult created = create(window("host", "example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z"));
            String id = JsonPath.read(body(created), "$.id");

            assertThat(created).hasHeader("ETag", "\"0\"");
            assertThat(get(WINDOWS + "/" + id)).hasHeader("ETag", "\"0\"");
            assertThat(reschedule(id, "\"0\"", "2026-03-01T15:00:00Z"))
                    .hasStatusOk()
                    .hasHeader("ETag", "\"1\"");
            assertThat(mvc.post().uri(WINDOWS + "/" + id + "/end").header("Authorization", bearer()))
                    .hasHeader("ETag", "\"2\"");
        }

        @Test
        void refusesAChangeBasedOnAnOlderVersionAndChangesNothing() {
            String id = createdId(window("host", "example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z"));
            assertThat(reschedule(id, "\"0\"", "2026-03-01T15:00:00Z")).hasStatusOk();

            // Someone else's copy, read before that change.
            assertThat(reschedule(id, "\"0\"", "2026-03-01T18:00:00Z"))
                    .hasStatus(HttpStatus.CONFLICT)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson()
                    .extractingPath("$.title")
                    .isEqualTo("Changed meanwhile");
            assertThat(mvc.post()
                            .uri(WINDOWS + "/" + id + "/end")
                            .header("Authorization", bearer())
                            .header("If-Match", "\"0\""))
                    .hasStatus(HttpStatus.CONFLICT);
            assertThat(mvc.delete()
                            .uri(WINDOWS + "/" + id)
                            .header("Authorization", bearer())
                            .header("If-Match", "\"0\""))
                    .hasStatus(HttpStatus.CONFLICT);

            assertThat(get(WINDOWS + "/" + id))
                    .hasHeader("ETag", "\"1\"")
                    .bodyJson()
                    .isLenientlyEqualTo("{\"endsAt\":\"2026-03-01T15:00:00Z\",\"state\":\"active\"}");
            // Without If-Match, or with the current version, a change applies as before.
            assertThat(reschedule(id, "\"1\"", "2026-03-01T18:00:00Z")).hasStatusOk();
            assertThat(reschedule(id, null, "2026-03-01T19:00:00Z")).hasStatusOk();
        }

        @Test
        void refusesAnIfMatchThatIsNoETagOfThisApi() {
            String id = createdId(window("host", "example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z"));

            assertThat(reschedule(id, "yesterday", "2026-03-01T15:00:00Z"))
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .bodyJson()
                    .extractingPath("$.errors[0].field")
                    .isEqualTo("If-Match");
        }

        /** Two editors at once: the one that writes second, from the version both read, loses. */
        @Test
        void refusesToWriteOverAChangeCommittedSinceTheWindowWasRead() throws Exception {
            UUID id = UUID.fromString(
                    createdId(window("host", "example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z")));

            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                        MaintenanceWindow read = repository.findById(id).orElseThrow();
                        // The other editor commits first, on a connection of its own.
                        try (Connection other = dataSource.getConnection()) {
                            other.createStatement()
                                    .executeUpdate("UPDATE maintenance_window SET reason = 'theirs',"
                                            + " version = version + 1 WHERE id = '" + id + "'");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        read.end(clock.instant());
                        repository.flush();
                    }))
                    .isInstanceOf(OptimisticLockingFailureException.class);

            assertThat(jdbc.sql("SELECT reason FROM maintenance_window")
                            .query(String.class)
                            .single())
                    .isEqualTo("theirs");
            assertThat(jdbc.sql("SELECT ended_at IS NULL FROM maintenance_window")
                            .query(Boolean.class)
                            .single())
                    .isTrue();
        }
    }
}
