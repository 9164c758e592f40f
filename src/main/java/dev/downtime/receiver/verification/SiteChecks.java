package dev.downtime.receiver.verification;

import dev.downtime.receiver.database.Purged;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What our own checks of sites found, as other modules see it. */
@Service
public class SiteChecks {

    private final JdbcClient jdbc;

    SiteChecks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deletes checks made before {@code cutoff}, and the queue entries of incidents closed before
     * it; in batches, not in a transaction.
     */
    public Purged purgeOlderThan(Instant cutoff, int batchSize) {
        return Purged.inBatches(
                        jdbc,
                        "DELETE FROM verification WHERE id IN (SELECT id FROM verification"
                                + " WHERE checked_at < :cutoff LIMIT :limit)",
                        cutoff,
                        batchSize)
                .plus(Purged.inBatches(
                        jdbc,
                        "DELETE FROM verification_due WHERE incident_id IN (SELECT incident_id FROM verification_due"
                                + " WHERE closed_at < :cutoff LIMIT :limit)",
                        cutoff,
                        batchSize));
    }

    /** How many incidents are due a check at {@code now} and wait for a free slot. */
    @Transactional(readOnly = true)
    public long queuedAt(Instant now) {
        return jdbc.sql("SELECT count(*) FROM verification_due WHERE closed_at IS NULL AND next_check_at <= :now")
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    /** The checks made for this incident, newest first. */
    @Transactional(readOnly = true)
    public List<Check> of(UUID incident) {
        return jdbc.sql("""
                        SELECT checked_at, url, method, status, latency_ms, error, detail FROM verification
                         WHERE incident_id = :id ORDER BY checked_at DESC
                        """)
                .param("id", incident)
                .query((rs, row) -> new Check(
                        rs.getObject("checked_at", OffsetDateTime.class).toInstant(),
                        rs.getString("url"),
                        rs.getString("method"),
                        rs.getObject("status", Integer.class),
                        rs.getObject("latency_ms", Integer.class),
                        rs.getString("error"),
                        rs.getString("detail")))
                .list();
    }

    /**
     * One check of a site from our side.
     *
     * @param status the HTTP status it answered; null when it did not
     * @param error timeout, dns, refused, tls, blocked, protocol or other; null when a status came back
     */
    public record Check(
            Instant checkedAt,
            String url,
            @Nullable String method,
            @Nullable Integer status,
            @Nullable Integer latencyMs,
            @Nullable String error,
            @Nullable String detail) {}
}
