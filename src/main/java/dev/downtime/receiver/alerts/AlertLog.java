package dev.downtime.receiver.alerts;

import dev.downtime.receiver.database.Purged;
import dev.downtime.receiver.incidents.Incidents;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The alerts raised for incidents, and how their delivery went, as other modules see them. */
@Service
public class AlertLog {

    private final JdbcClient jdbc;
    private final Incidents incidents;

    AlertLog(JdbcClient jdbc, Incidents incidents) {
        this.jdbc = jdbc;
        this.incidents = incidents;
    }

    /**
     * Deletes alerts raised before {@code cutoff} that are no longer being sent (delivered, or
     * given up); in batches, not in a transaction.
     */
    public Purged purgeOlderThan(Instant cutoff, int batchSize) {
        return Purged.inBatches(
                jdbc,
                "DELETE FROM alert WHERE id IN (SELECT id FROM alert"
                        + " WHERE created_at < :cutoff AND status <> 'pending' LIMIT :limit)",
                cutoff,
                batchSize);
    }

    /** The outbox at {@code now}: messages still to be delivered, by channel, and the oldest one's age. */
    @Transactional(readOnly = true)
    public Outbox outbox(Instant now) {
        Map<String, Long> pending = new TreeMap<>();
        jdbc.sql("SELECT channel, count(*) AS n FROM alert WHERE status = 'pending' GROUP BY channel")
                .query((rs, row) -> pending.put(rs.getString("channel"), rs.getLong("n")))
                .list();
        Duration oldest = jdbc.sql("SELECT min(created_at) FROM alert WHERE status = 'pending'")
                .query(OffsetDateTime.class)
                .optional()
                .map(created -> Duration.between(created.toInstant(), now))
                .filter(age -> !age.isNegative())
                .orElse(Duration.ZERO);
        return new Outbox(pending, oldest);
    }

    /**
     * The outbox's state.
     *
     * @param pending messages not yet delivered nor given up, by channel
     * @param oldestUndelivered the age of the oldest of them; zero when there is none
     */
    public record Outbox(Map<String, Long> pending, Duration oldestUndelivered) {

        public Outbox {
            pending = Map.copyOf(pending);
        }
    }

    /**
     * The alerts that told of this incident, in the order they were raised: its group's messages
     * that list its outage (its URL, down since its opening) as down or back; and the alerts of
     * the incident itself raised before alerts were grouped.
     */
    @Transactional(readOnly = true)
    public List<Entry> of(UUID incident) {
        String outage = incidents
                .find(incident)
                .map(found -> "[{\"url\": " + quoted(found.url()) + ", \"downSince\": \""
                        + found.openedAt().truncatedTo(ChronoUnit.MICROS) + "\"}]")
                .orElse("[]");
        return jdbc.sql("""
                        SELECT COALESCE(transition, message ->> 'kind') AS transition, channel, status, attempts,
                               created_at, delivered_at, next_attempt_at, last_error
                          FROM alert
                         WHERE incident_id = :id
                            OR (:outage <> '[]' AND (message -> 'sitesDown' @> CAST(:outage AS jsonb)
                                                     OR message -> 'back' @> CAST(:outage AS jsonb)))
                         ORDER BY created_at, channel
                        """)
                .param("id", incident)
                .param("outage", outage)
                .query((rs, row) -> new Entry(
                        rs.getString("transition"),
                        rs.getString("channel"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instantOrNull(rs.getObject("delivered_at", OffsetDateTime.class)),
                        instantOrNull(rs.getObject("next_attempt_at", OffsetDateTime.class)),
                        rs.getString("last_error")))
                .list();
    }

    /** A JSON string, for the containment query. */
    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                json.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", c));
            } else {
                json.appendCodePoint(c);
            }
        });
        return json.append('"').toString();
    }

    private static Instant instant(OffsetDateTime value) {
        return value.toInstant();
    }

    private static @Nullable Instant instantOrNull(@Nullable OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /**
     * One alert on one channel.
     *
     * @param transition the group message's kind ({@code OPENED}, {@code UPDATED}, {@code REPEATED},
     *     {@code RESOLVED}); before grouping, the incident's transition ({@code opened}, {@code
     *     maintenance-overran} or {@code recovered})
     * @param status {@code pending}, {@code delivered} or {@code failed} (given up)
     */
    public record Entry(
            String transition,
            String channel,
            String status,
            int attempts,
            Instant createdAt,
            @Nullable Instant deliveredAt,
            @Nullable Instant nextAttemptAt,
            @Nullable String lastError) {}
}
