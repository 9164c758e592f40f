package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Bulk changes of windows, and the export imported back: all or nothing, problems by item. */
class WindowBatchesTest extends PostgresIntegrationTest {

    static final String WINDOWS = "/api/v1/maintenance-windows";

    String create(String scope, String target, String startsAt, String endsAt) {
        MvcTestResult result = post(WINDOWS, window(scope, target, startsAt, endsAt));
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return JsonPath.read(body(result), "$.id");
    }

    static String window(String scope, String target, String startsAt, String endsAt) {
        return """
                {"scope":"%s","target":"%s","startsAt":"%s","endsAt":"%s"}""".formatted(scope, target, startsAt, endsAt);
    }

    MvcTestResult post(String uri, String json) {
        return mvc.post()
                .uri(uri)
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json)
                .exchange();
    }

    void end(String id) {
        assertThat(post(WINDOWS + "/" + id + "/end", "")).hasStatusOk();
    }

    long audited(String id) {
        return count("audit_event WHERE subject_id = '" + id + "'");
    }

    @Test
    void createsEndsAndDeletesInOneRequestAuditingEachWindow() {
        String active = create("url", "https://a.example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");
        String upcoming = create("url", "https://b.example", "2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z");

        MvcTestResult result = post(WINDOWS + "/bulk", """
                {"create": [%s, %s], "end": ["%s"], "delete": ["%s"]}""".formatted(
                        window("selector", "server=web-42", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z"),
                        window("host", "bighost", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z"),
                        active,
                        upcoming));

        assertThat(result).hasStatusOk();
        System.err.println("ROWS "
                + jdbc.sql("SELECT id, scope FROM maintenance_window").query().listOfRows());
        List<String> created = JsonPath.read(body(result), "$.created[*].id");
        assertThat(created).hasSize(2);
        assertThat(JsonPath.<List<String>>read(body(result), "$.ended[*].state"))
                .containsExactly("ended");
        assertThat(count("maintenance_window")).isEqualTo(3);
        assertThat(jdbc.sql("SELECT ended_at IS NOT NULL FROM maintenance_window WHERE id = :id::uuid")
                        .param("id", active)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        for (String id : List.of(created.get(0), created.get(1), active, upcoming)) {
            assertThat(audited(id)).as(id).isEqualTo(id.equals(active) || id.equals(upcoming) ? 2 : 1);
        }
        // In memory once committed: the two created; the ended one no longer matters.
        assertThat(schedule.size()).isEqualTo(2);
    }

    @Test
    void takesBulkBodiesLargerThanTheRestOfTheAdminApi() {
        StringBuilder creates = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            creates.append(i == 0 ? "" : ",").append("""
                            {"scope":"url","target":"https://site-%d.example","endsAt":"2026-03-01T14:00:00Z",                            "reason":"%s"}""".formatted(i, "r".repeat(200)));
        }
        String body = "{\"create\": [" + creates + "]}";
        assertThat(body.length()).isGreaterThan(64 * 1024);

        assertThat(post(WINDOWS + "/bulk", body)).hasStatusOk();
        assertThat(count("maintenance_window")).isEqualTo(300);
    }

    @Test
    void refusesTheWholeRequestListingEveryProblemByItem() {
        String active = create("url", "https://a.example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");
        UUID unknown = UUID.randomUUID();

        MvcTestResult result = post(WINDOWS + "/bulk", """
                {"create": [%s, %s], "end": ["%s", "%s"], "delete": ["%s"]}""".formatted(
                        window("url", "https://c.example", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z"),
                        window("selector", "server=~(", "2026-03-01T13:00:00Z", "2026-03-01T12:30:00Z"),
                        unknown,
                        active,
                        active));

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .containsExactly("create[1].target", "create[1].endsAt", "end[0]", "delete[0]");
        assertThat(count("maintenance_window")).isEqualTo(1);
        assertThat(count("maintenance_window WHERE ended_at IS NOT NULL")).isZero();
    }

    @Test
    void previewsABulkChangeWithoutMakingIt() {
        String upcoming = create("url", "https://b.example", "2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z");

        MvcTestResult result = post(WINDOWS + "/bulk?dryRun=true", """
                {"create": [%s], "delete": ["%s"]}""".formatted(
                        window("domain", "*.example.com", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z"), upcoming));

        assertThat(result).hasStatusOk();
        assertThat(JsonPath.<String>read(body(result), "$.previews[0].window.target"))
                .isEqualTo("*.example.com");
        assertThat(JsonPath.<List<String>>read(body(result), "$.deleted[*].id")).containsExactly(upcoming);
        assertThat(count("maintenance_window")).isEqualTo(1);
    }

    @Test
    void importsAnEditedExportBackWithADiffFirst() {
        String keep = create("url", "https://a.example", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");
        String move = create("host", "bighost", "2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z");
        end(create("url", "https://gone.example", "2026-03-01T10:00:00Z", "2026-03-01T13:00:00Z"));
        MvcTestResult export = mvc.get()
                .uri(WINDOWS + "/export")
                .header("Authorization", bearer())
                .exchange();
        assertThat(JsonPath.<List<String>>read(body(export), "$.windows[*].id")).containsExactly(keep, move);
        String edited = body(export)
                .replace("2026-03-01T16:00:00Z", "2026-03-01T17:00:00Z")
                .replace(
                        "\"windows\":[",
                        "\"windows\":["
                                + window("selector", "cluster=eu-1", "2026-03-02T00:00:00Z", "2026-03-02T02:00:00Z")
                                + ",");

        MvcTestResult dryRun = post(WINDOWS + "/import?dryRun=true", edited);

        assertThat(dryRun).hasStatusOk();
        assertThat(JsonPath.<List<String>>read(body(dryRun), "$.added[*].target"))
                .containsExactly("cluster=eu-1");
        assertThat(JsonPath.<String>read(body(dryRun), "$.changed[0].before.endsAt"))
                .isEqualTo("2026-03-01T16:00:00Z");
        assertThat(JsonPath.<String>read(body(dryRun), "$.changed[0].after.endsAt"))
                .isEqualTo("2026-03-01T17:00:00Z");
        assertThat(JsonPath.<Integer>read(body(dryRun), "$.unchanged")).isEqualTo(1);
        assertThat(count("maintenance_window")).isEqualTo(3);

        assertThat(post(WINDOWS + "/import", edited)).hasStatusOk();
        assertThat(count("maintenance_window")).isEqualTo(4);
        assertThat(audited(move)).isEqualTo(2);

        String again = body(mvc.get()
                .uri(WINDOWS + "/export")
                .header("Authorization", bearer())
                .exchange());
        assertThat(post(WINDOWS + "/import", again))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.unchanged")
                .isEqualTo(3);
        assertThat(count("maintenance_window")).isEqualTo(4);
    }

    @Test
    void refusesAnImportThatChangesAnEndedWindowNamingTheItem() {
        String ended = create("url", "https://a.example", "2026-03-01T10:00:00Z", "2026-03-01T13:00:00Z");
        end(ended);

        MvcTestResult result = post(WINDOWS + "/import", """
                {"windows": [{"id": "%s", "scope": "url", "target": "https://a.example",
                  "startsAt": "2026-03-01T10:00:00Z", "endsAt": "2026-03-01T15:00:00Z"}]}""".formatted(ended));

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .containsExactly("windows[0]");
    }
}
