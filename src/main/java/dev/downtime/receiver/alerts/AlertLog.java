package dev.downtime.receiver.alerts;

import dev.downtime.receiver.database.Purged;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The alerts raised for incidents, and how their delivery went, as other modules see them. */
@Service
public class AlertLog {

    private final JdbcClient jdbc;

    AlertLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    /** The alerts of this incident, in the order they were raised. */
    @Transactional(readOnly = true)
    public List<Entry> of(UUID incident) {
        return jdbc.sql("""
                        SELECT transition, channel, status, attempts, created_at, delivered_at, next_attempt_at,
                               last_error
                          FROM alert WHERE incident_id = :id ORDER BY created_at, channel
                        """)
                .param("id", incident)
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

    private static Instant instant(OffsetDateTime value) {
        return value.toInstant();
    }

    private static @Nullable Instant instantOrNull(@Nullable OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /**
     * One alert on one channel.
     *
     * @param transition {@code opened}, {@code maintenance-overran} or {@code recovered}
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
