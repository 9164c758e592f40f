package dev.downtime.receiver.promises;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The promises out: which of them count on a window, for those about to change it. */
@Service
public class Promises {

    /** How many promises a conflict lists at most. */
    public static final int LISTED = 100;

    private static final RowMapper<Promise> PROMISE = (rs, row) -> new Promise(
            rs.getString("url"),
            rs.getObject("promised_until", OffsetDateTime.class).toInstant(),
            rs.getObject("told_at", OffsetDateTime.class).toInstant(),
            Arrays.asList((UUID[]) rs.getArray("window_ids").getArray()));

    private final JdbcClient jdbc;

    Promises(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The promises that count on a window and reach past {@code coverLostAt}, the first instant
     * from which a change takes away some of that window's cover: those the change would cut
     * short. Other windows behind a promise are not asked whether they would still cover it.
     */
    @Transactional(readOnly = true)
    public CutShort cutShortBy(UUID windowId, Instant coverLostAt) {
        OffsetDateTime lost = utc(coverLostAt);
        long count = jdbc.sql("""
                        SELECT count(*) FROM promise
                         WHERE window_ids @> ARRAY[:window]::uuid[] AND promised_until > :lost
                        """)
                .param("window", windowId)
                .param("lost", lost)
                .query(Long.class)
                .single();
        if (count == 0) {
            return CutShort.NONE;
        }
        List<Promise> first = jdbc.sql("""
                        SELECT url, promised_until, told_at, window_ids FROM promise
                         WHERE window_ids @> ARRAY[:window]::uuid[] AND promised_until > :lost
                         ORDER BY promised_until, url_key
                         LIMIT :limit
                        """)
                .param("window", windowId)
                .param("lost", lost)
                .param("limit", LISTED)
                .query(PROMISE)
                .list();
        return new CutShort(count, first);
    }

    /**
     * The newest promise of each URL, soonest first.
     *
     * @param activeAt only those reaching past this instant; null for every promise kept
     * @param url only this normalized URL's
     */
    @Transactional(readOnly = true)
    List<Promise> list(@Nullable Instant activeAt, @Nullable String url, int page, int size) {
        return jdbc.sql("""
                        SELECT url, promised_until, told_at, window_ids FROM promise
                         WHERE promised_until IS NOT NULL
                           AND (CAST(:active AS timestamptz) IS NULL OR promised_until > :active)
                           AND (CAST(:url AS text) IS NULL OR (url_key = url_key(:url) AND url = :url))
                         ORDER BY promised_until, url_key
                         LIMIT :size OFFSET :offset
                        """)
                .param("active", activeAt == null ? null : utc(activeAt))
                .param("url", url)
                .param("size", size)
                .param("offset", (long) page * size)
                .query(PROMISE)
                .list();
    }

    @Transactional(readOnly = true)
    long count(@Nullable Instant activeAt, @Nullable String url) {
        return jdbc.sql("""
                        SELECT count(*) FROM promise
                         WHERE promised_until IS NOT NULL
                           AND (CAST(:active AS timestamptz) IS NULL OR promised_until > :active)
                           AND (CAST(:url AS text) IS NULL OR (url_key = url_key(:url) AND url = :url))
                        """)
                .param("active", activeAt == null ? null : utc(activeAt))
                .param("url", url)
                .query(Long.class)
                .single();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
