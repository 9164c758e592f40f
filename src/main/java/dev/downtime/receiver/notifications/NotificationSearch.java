package dev.downtime.receiver.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the notification log for ops staff, newest first. Plain SQL, not Spring Data: this is the
 * volume table, written in JDBC batches, with no entity of its own for anyone to load or dirty-check;
 * and its URL filter compares the indexed digest ({@code url_key}, V15) before the URL itself.
 */
@Component
class NotificationSearch {

    private final JdbcClient jdbc;

    NotificationSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Grouped by URL over the received-at index; bounded, since 30 days may hold many URLs. */
    @Transactional(readOnly = true)
    List<ReportedUrl> reportedSince(Instant since, int limit) {
        return jdbc.sql("""
                        SELECT normalized_url, (array_agg(host ORDER BY received_at DESC))[1] AS host,
                               max(received_at) AS last_received_at
                          FROM notification
                         WHERE received_at >= :since
                         GROUP BY normalized_url
                         ORDER BY last_received_at DESC, normalized_url
                         LIMIT :limit
                        """)
                .param("since", utc(since))
                .param("limit", limit)
                .query((rs, n) -> new ReportedUrl(
                        rs.getString("normalized_url"),
                        rs.getString("host"),
                        rs.getObject("last_received_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    @Transactional(readOnly = true)
    Page<NotificationRecord> find(NotificationFilter filter, Pageable pageable) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new HashMap<>();
        if (filter.normalizedUrl() != null) {
            // By the URL's digest first, which is what is indexed (V15), then the URL itself.
            where.append(" AND url_key(normalized_url) = url_key(:url) AND normalized_url = :url");
            params.put("url", filter.normalizedUrl());
        }
        if (filter.host() != null) {
            where.append(" AND lower(host) = lower(:host)");
            params.put("host", filter.host());
        }
        if (filter.codes() != null) {
            where.append(" AND code BETWEEN :codeFrom AND :codeTo");
            params.put("codeFrom", filter.codes().from());
            params.put("codeTo", filter.codes().to());
        }
        if (filter.since() != null) {
            where.append(" AND received_at >= :since");
            params.put("since", utc(filter.since()));
        }
        if (filter.until() != null) {
            where.append(" AND received_at < :until");
            params.put("until", utc(filter.until()));
        }
        long total = jdbc.sql("SELECT count(*) FROM notification" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<NotificationRecord> rows = jdbc.sql("SELECT * FROM notification" + where
                        + " ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", pageable.getPageSize())
                .param("offset", pageable.getOffset())
                .query((rs, row) -> map(rs))
                .list();
        return new PageImpl<>(rows, pageable, total);
    }

    /**
     * The notifications of this URL (as normalized) from its own sites (no foreign host) received
     * from {@code from} to {@code to} (both included; to now when null), newest first: an
     * incident's, since a URL has one incident at a time and the fold puts every such notification
     * into the one open when it was received. Read on the URL's digest index (V15).
     */
    List<NotificationRecord> ofUrlBetween(String normalizedUrl, Instant from, @Nullable Instant to, int limit) {
        return jdbc.sql("""
                        SELECT * FROM notification
                         WHERE url_key(normalized_url) = url_key(:url) AND normalized_url = :url
                           AND received_at >= :from
                           AND received_at <= coalesce(CAST(:to AS timestamptz), 'infinity')
                           AND NOT foreign_host
                         ORDER BY received_at DESC, id DESC
                         LIMIT :limit
                        """)
                .param("url", normalizedUrl)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param(
                        "to",
                        to == null ? null : OffsetDateTime.ofInstant(to, ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE)
                .param("limit", limit)
                .query((rs, row) -> map(rs))
                .list();
    }

    private static NotificationRecord map(ResultSet rs) throws SQLException {
        UUID[] windowIds = (UUID[]) rs.getArray("window_ids").getArray();
        return new NotificationRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getObject("ts", Long.class),
                rs.getString("raw_url"),
                rs.getString("normalized_url"),
                rs.getInt("code"),
                rs.getString("host"),
                rs.getString("type"),
                rs.getString("reply"),
                Arrays.asList(windowIds),
                rs.getString("remote_address"),
                rs.getBoolean("foreign_host"),
                rs.getObject("ts_ms", Long.class),
                rs.getString("raw_ts"),
                rs.getString("raw_code"),
                rs.getBoolean("ts_skewed"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** An inclusive range of status codes: one code, or a class such as 5xx. */
    record CodeRange(int from, int to) {}

    record NotificationFilter(
            @Nullable String normalizedUrl,
            @Nullable String host,
            @Nullable CodeRange codes,
            @Nullable Instant since,
            @Nullable Instant until) {}
}
