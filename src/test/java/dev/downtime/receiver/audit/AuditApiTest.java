package dev.downtime.receiver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class AuditApiTest extends PostgresIntegrationTest {

    String auditOf(String subjectId) {
        return body(mvc.get()
                .uri("/api/v1/audit?subjectId=" + subjectId)
                .header("Authorization", bearer())
                .exchange());
    }

    @Test
    void recordsWhoChangedEachWindowWithBeforeAndAfter() {
        var created = mvc.post()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", "Bearer " + IntegrationTest.ALICE_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"host\",\"target\":\"h\",\"endsAt\":\"2026-03-01T13:00:00Z\"}")
                .exchange();
        String id = JsonPath.read(body(created), "$.id");
        clock.advance(Duration.ofMinutes(1));
        mvc.put()
                .uri("/api/v1/maintenance-windows/" + id)
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"host\",\"target\":\"h\",\"endsAt\":\"2026-03-01T14:00:00Z\"}")
                .exchange();
        clock.advance(Duration.ofMinutes(1));
        mvc.post()
                .uri("/api/v1/maintenance-windows/" + id + "/end")
                .header("Authorization", bearer())
                .exchange();

        String audit = auditOf(id);

        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].action"))
                .containsExactly("window.ended", "window.rescheduled", "window.created");
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].actor")).containsExactly("ops", "ops", "alice");
        assertThat(JsonPath.<Object>read(audit, "$.items[2].before")).isNull();
        assertThat(JsonPath.<String>read(audit, "$.items[2].after.endsAt")).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(JsonPath.<String>read(audit, "$.items[1].before.endsAt")).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(JsonPath.<String>read(audit, "$.items[1].after.endsAt")).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(JsonPath.<String>read(audit, "$.items[0].before.state")).isEqualTo("active");
        assertThat(JsonPath.<String>read(audit, "$.items[0].after.state")).isEqualTo("ended");
        assertThat(JsonPath.<String>read(audit, "$.items[0].occurredAt")).isEqualTo("2026-03-01T12:02:00Z");
    }

    @Test
    void recordsDeletionsAndTokens() {
        String id = JsonPath.read(
                body(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"host\",\"target\":\"h\",\"startsAt\":\"2026-03-02T00:00:00Z\","
                                + "\"endsAt\":\"2026-03-02T01:00:00Z\"}")
                        .exchange()),
                "$.id");
        mvc.delete()
                .uri("/api/v1/maintenance-windows/" + id)
                .header("Authorization", bearer())
                .exchange();
        var issued = body(mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"bob\",\"role\":\"viewer\"}")
                .exchange());
        String tokenId = JsonPath.read(issued, "$.id");
        String secret = JsonPath.read(issued, "$.token");
        mvc.delete()
                .uri("/api/v1/tokens/" + tokenId)
                .header("Authorization", bearer())
                .exchange();

        assertThat(JsonPath.<List<String>>read(auditOf(id), "$.items[*].action"))
                .containsExactly("window.deleted", "window.created");
        assertThat(JsonPath.<Object>read(auditOf(id), "$.items[0].after")).isNull();
        String tokenAudit = auditOf(tokenId);
        assertThat(JsonPath.<List<String>>read(tokenAudit, "$.items[*].action"))
                .containsExactly("token.revoked", "token.created");
        assertThat(tokenAudit).doesNotContain(secret);
    }

    @Test
    void cannotBeChangedAfterTheFact() {
        mvc.post()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"host\",\"target\":\"h\",\"endsAt\":\"2026-03-01T13:00:00Z\"}")
                .exchange();

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET actor = 'someone else'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event").update()).hasMessageContaining("append-only");
    }

    @Test
    void isForAdminsOnly() {
        assertThat(mvc.get().uri("/api/v1/audit")).hasStatus(HttpStatus.UNAUTHORIZED);
    }
}
