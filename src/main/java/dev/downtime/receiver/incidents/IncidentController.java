package dev.downtime.receiver.incidents;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.web.InvalidRequestException;
import dev.downtime.receiver.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Incidents for ops staff: what went down, whether maintenance covered it, what our own checks saw. */
@RestController
@RequestMapping("/api/v1/incidents")
@RequiresRole(Role.VIEWER)
class IncidentController {

    private static final String COLUMNS = """
            id, normalized_url, host, opened_at, last_notified_at, closed_at, notification_count, first_code,
            worst_code, last_code, covered, covering_window_ids, maintenance_overran_at, verdict,
            up_from_our_side_at
            """;

    private final JdbcClient jdbc;

    IncidentController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param state {@code open} or {@code closed}
     * @param since incidents opened at or after this
     */
    @GetMapping
    @Transactional(readOnly = true)
    PageResponse<IncidentResponse> list(
            @RequestParam(required = false)
                    @Nullable
                    @Pattern(regexp = "open|closed", message = "must be open or closed")
                    String state,
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(required = false) @Nullable String host,
            @RequestParam(required = false) @Nullable Instant since,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new HashMap<>();
        if ("open".equals(state)) {
            where.append(" AND closed_at IS NULL");
        } else if ("closed".equals(state)) {
            where.append(" AND closed_at IS NOT NULL");
        }
        if (url != null) {
            // By the URL's digest first, which is what is indexed (V15), then the URL itself.
            where.append(" AND url_key(normalized_url) = url_key(:url) AND normalized_url = :url");
            params.put("url", normalize(url));
        }
        if (host != null) {
            where.append(" AND lower(host) = lower(:host)");
            params.put("host", host);
        }
        if (since != null) {
            where.append(" AND opened_at >= :since");
            params.put("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        }
        long total = jdbc.sql("SELECT count(*) FROM incident" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<IncidentResponse> items = jdbc.sql("SELECT " + COLUMNS + " FROM incident" + where
                        + " ORDER BY opened_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> incident(rs))
                .list();
        return PageResponse.of(items, page, size, total, item -> item);
    }

    /** One incident with its notifications (newest first, the latest 200), checks and alerts. */
    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    IncidentDetail get(@PathVariable UUID id) {
        IncidentResponse incident = jdbc.sql("SELECT " + COLUMNS + " FROM incident WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> incident(rs))
                .optional()
                .orElseThrow(() -> notFound(id));
        List<NotificationEntry> notifications = jdbc.sql("""
                        SELECT id, received_at, ts, code, reply FROM notification
                         WHERE incident_id = :id ORDER BY received_at DESC, id DESC LIMIT 200
                        """)
                .param("id", id)
                .query((rs, row) -> new NotificationEntry(
                        rs.getObject("id", UUID.class),
                        instant(rs, "received_at"),
                        rs.getObject("ts", Long.class),
                        rs.getInt("code"),
                        rs.getString("reply")))
                .list();
        List<VerificationEntry> verifications = jdbc.sql("""
                        SELECT checked_at, url, method, status, latency_ms, error, detail FROM verification
                         WHERE incident_id = :id ORDER BY checked_at DESC
                        """)
                .param("id", id)
                .query((rs, row) -> new VerificationEntry(
                        instant(rs, "checked_at"),
                        rs.getString("url"),
                        rs.getString("method"),
                        rs.getObject("status", Integer.class),
                        rs.getObject("latency_ms", Integer.class),
                        rs.getString("error"),
                        rs.getString("detail")))
                .list();
        List<AlertEntry> alerts = jdbc.sql("""
                        SELECT transition, channel, status, attempts, created_at, delivered_at, next_attempt_at,
                               last_error
                          FROM alert WHERE incident_id = :id ORDER BY created_at, channel
                        """)
                .param("id", id)
                .query((rs, row) -> new AlertEntry(
                        rs.getString("transition"),
                        rs.getString("channel"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        instant(rs, "created_at"),
                        instantOrNull(rs, "delivered_at"),
                        instantOrNull(rs, "next_attempt_at"),
                        rs.getString("last_error")))
                .list();
        return new IncidentDetail(incident, notifications, verifications, alerts);
    }

    private static String normalize(String url) {
        try {
            return SiteUrl.parse(url).value();
        } catch (InvalidSiteUrlException e) {
            throw InvalidRequestException.of("url", e.getMessage());
        }
    }

    private static ErrorResponseException notFound(UUID id) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No incident has id " + id + ".");
        problem.setTitle("Incident not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    private static IncidentResponse incident(ResultSet rs) throws SQLException {
        Instant closedAt = instantOrNull(rs, "closed_at");
        return new IncidentResponse(
                rs.getObject("id", UUID.class),
                rs.getString("normalized_url"),
                rs.getString("host"),
                closedAt == null ? "open" : "closed",
                instant(rs, "opened_at"),
                instant(rs, "last_notified_at"),
                closedAt,
                rs.getInt("notification_count"),
                rs.getInt("first_code"),
                rs.getInt("worst_code"),
                rs.getInt("last_code"),
                rs.getBoolean("covered"),
                Arrays.asList((UUID[]) rs.getArray("covering_window_ids").getArray()),
                instantOrNull(rs, "maintenance_overran_at"),
                rs.getString("verdict"),
                instantOrNull(rs, "up_from_our_side_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * @param worstCode a timeout (0) counts as worst, then the highest code
     * @param maintenanceOverranAt when a covering window was found ended with the site still down
     * @param verdict what our own first check found: {@code confirmed} (down for us too), {@code
     *     not-reproduced} (up for us), {@code inconclusive}, or {@code pending}
     * @param upFromOurSideAt since when our own checks have seen the site answer again; cleared when a
     *     later check finds it down for us again
     */
    record IncidentResponse(
            UUID id,
            String url,
            @Nullable String host,
            String state,
            Instant openedAt,
            Instant lastNotifiedAt,
            @Nullable Instant closedAt,
            int notificationCount,
            int firstCode,
            int worstCode,
            int lastCode,
            boolean covered,
            List<UUID> coveringWindowIds,
            @Nullable Instant maintenanceOverranAt,
            String verdict,
            @Nullable Instant upFromOurSideAt) {}

    record IncidentDetail(
            IncidentResponse incident,
            List<NotificationEntry> notifications,
            List<VerificationEntry> verifications,
            List<AlertEntry> alerts) {}

    record NotificationEntry(
            UUID id, Instant receivedAt, @Nullable Long ts, int code, String reply) {}

    /** @param error timeout, dns, refused, tls, blocked, protocol or other; null when a status came back */
    record VerificationEntry(
            Instant checkedAt,
            String url,
            @Nullable String method,
            @Nullable Integer status,
            @Nullable Integer latencyMs,
            @Nullable String error,
            @Nullable String detail) {}

    record AlertEntry(
            String transition,
            String channel,
            String status,
            int attempts,
            Instant createdAt,
            @Nullable Instant deliveredAt,
            @Nullable Instant nextAttemptAt,
            @Nullable String lastError) {}
}
