package dev.downtime.receiver.verification;

import java.time.Instant;
import java.time.OffsetDateTime;
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
