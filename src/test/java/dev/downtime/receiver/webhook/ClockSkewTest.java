package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A notification whose ts is more than receiver.webhook.max-clock-skew (1 h by default) from its
 * arrival, ahead or behind, is answered and stored but never a duplicate, nor the first of one.
 */
class ClockSkewTest extends PostgresIntegrationTest {

    /** A check at {@code offset} from the clock's now, its ts in seconds with milliseconds. */
    static String checkAt(Duration offset) {
        Instant ts = IntegrationTest.T0.plus(offset);
        String seconds = BigDecimal.valueOf(ts.toEpochMilli(), 3).toPlainString();
        return "{\"ts\":" + seconds + ",\"url\":\"http:\\/\\/example.com\",\"code\":503,\"host\":\"example\"}";
    }

    void insertWindowUntil(Instant endsAt) {
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, 'domain', 'example.com', :now, :endsAt, 'sql', :now, :now)
                        """)
                .param("id", UUID.randomUUID())
                .param("now", now)
                .param("endsAt", OffsetDateTime.ofInstant(endsAt, ZoneOffset.UTC))
                .update();
        schedule.refresh();
    }

    List<Boolean> skewed() {
        return jdbc.sql("SELECT ts_skewed FROM notification ORDER BY received_at, id")
                .query(Boolean.class)
                .list();
    }

    @ParameterizedTest(name = "ts {0} from arrival")
    @CsvSource({"PT1H", "-PT1H", "PT0S", "PT59M59.999S"})
    void takesTheSameCheckWithinTheSkewAsADuplicate(Duration offset) {
        assertThat(postWebhook(checkAt(offset)).body()).isEqualTo("ok");
        insertWindowUntil(IntegrationTest.T0.plus(Duration.ofHours(2)));

        assertThat(postWebhook(checkAt(offset)).body()).isEqualTo("ok");
        assertThat(skewed()).containsExactly(false);
    }

    @ParameterizedTest(name = "ts {0} from arrival")
    @CsvSource({"PT1H0.001S", "-PT1H0.001S", "PT24H", "-PT720H"})
    void neverTakesTheSameCheckBeyondTheSkewAsADuplicate(Duration offset) {
        assertThat(postWebhook(checkAt(offset)).body()).isEqualTo("ok");
        insertWindowUntil(IntegrationTest.T0.plus(Duration.ofHours(2)));

        // Answered as a new check, and stored again.
        assertThat(postWebhook(checkAt(offset)).body()).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(skewed()).containsExactly(true, true);
    }

    /**
     * During maintenance, someone posts a check "from tomorrow": it gets the end of the window.
     * Tomorrow, the window long over, Monitor's real check of that time must get {@code ok}.
     */
    @Test
    void letsNobodyStoreTheAnswerOfAFutureCheck() {
        insertWindowUntil(IntegrationTest.T0.plus(Duration.ofHours(1)));
        assertThat(postWebhook(checkAt(Duration.ofDays(1))).body()).isEqualTo("2026-03-01T13:00:00Z");

        clock.set(IntegrationTest.T0.plus(Duration.ofDays(1)));
        assertThat(postWebhook(checkAt(Duration.ofDays(1))).body()).isEqualTo("ok");
        // Monitor sending its check again is still a duplicate of its own, not of the forgery.
        clock.advance(Duration.ofSeconds(30));
        assertThat(postWebhook(checkAt(Duration.ofDays(1))).body()).isEqualTo("ok");

        assertThat(jdbc.sql("SELECT reply FROM notification ORDER BY received_at")
                        .query(String.class)
                        .list())
                .containsExactly("2026-03-01T13:00:00Z", "ok");
        assertThat(skewed()).containsExactly(true, false);
    }

    @Test
    void showsWhetherTsWasSkewedInTheAdminApi() {
        postWebhook(checkAt(Duration.ofHours(2)));

        String body = body(mvc.get()
                .uri("/api/v1/notifications")
                .header("Authorization", bearer())
                .exchange());

        assertThat(JsonPath.<Boolean>read(body, "$.items[0].tsSkewed")).isTrue();
    }

    @ParameterizedTest(name = "{0} ms from arrival, skew {1} -> {2}")
    @CsvSource({
        "0, PT1H, false",
        "3600000, PT1H, false",
        "-3600000, PT1H, false",
        "3600001, PT1H, true",
        "-3600001, PT1H, true",
        "0, PT0S, false",
        "1, PT0S, true",
        "-1, PT0S, true"
    })
    void judgesTheSkewAtItsEdges(long offsetMillis, Duration maxSkew, boolean outside) {
        Instant arrival = IntegrationTest.T0;

        assertThat(MonitorWebhookController.outsideClockSkew(arrival.toEpochMilli() + offsetMillis, arrival, maxSkew))
                .isEqualTo(outside);
    }

    @Test
    void neverJudgesANotificationWithoutTs() {
        assertThat(MonitorWebhookController.outsideClockSkew(null, IntegrationTest.T0, Duration.ZERO))
                .isFalse();
    }
}
