package dev.downtime.receiver.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Issued tokens are checked against their digests in memory, like configured ones: PostgreSQL is
 * not asked per request, so what is changed behind this instance's back applies at the next refresh,
 * and what is changed through it at once.
 */
class IssuedTokensInMemoryTest extends PostgresIntegrationTest {

    @Autowired
    ActiveTokens active;

    @AfterEach
    void forgetTokensRemovedBetweenTests() {
        active.refresh();
    }

    String issue(String name) {
        MvcTestResult result = mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"role\":\"viewer\"}")
                .exchange();
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return JsonPath.read(body(result), "$.token");
    }

    MvcTestResult listWindows(String token) {
        return mvc.get()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", "Bearer " + token)
                .exchange();
    }

    @Test
    void checksAnIssuedTokenWithoutAskingPostgresql() {
        String token = issue("carol");
        // As another instance revoking it would: this instance is not told.
        jdbc.sql("UPDATE admin_token SET revoked_at = now(), revoked_by = 'elsewhere' WHERE name = 'carol'")
                .update();

        assertThat(listWindows(token)).as("answered from memory").hasStatus(HttpStatus.OK);

        active.refresh(); // what every receiver.tokens.refresh-interval does

        assertThat(listWindows(token)).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void appliesIssuesAndRevocationsThroughThisInstanceAtOnce() {
        String token = issue("dave");
        assertThat(listWindows(token)).hasStatus(HttpStatus.OK);
        String id = jdbc.sql("SELECT id::text FROM admin_token WHERE name = 'dave'")
                .query(String.class)
                .single();

        assertThat(mvc.delete().uri("/api/v1/tokens/" + id).header("Authorization", bearer()))
                .hasStatus(HttpStatus.NO_CONTENT);

        assertThat(listWindows(token)).hasStatus(HttpStatus.UNAUTHORIZED);
    }
}
