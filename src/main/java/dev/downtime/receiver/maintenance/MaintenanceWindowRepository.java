package dev.downtime.receiver.maintenance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stores maintenance windows with plain SQL. Not JPA: the service must start, and answer from
 * its snapshot, while PostgreSQL is down, and an EntityManagerFactory validating the schema
 * cannot be built without it.
 */
@Repository
class MaintenanceWindowRepository {

    private static final String COLUMNS =
            "id, scope, target, starts_at, ends_at, reason, created_by, created_at, updated_at, ended_at";

    private final JdbcClient jdbc;

    MaintenanceWindowRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads a window and locks it until the transaction ends, so that changes to it serialize. */
    Optional<MaintenanceWindow> findForUpdate(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, row) -> map(rs))
                .optional();
    }

    Optional<MaintenanceWindow> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> map(rs))
                .optional();
    }

    void insert(MaintenanceWindow window) {
        jdbc.sql("INSERT INTO maintenance_window (" + COLUMNS + ") VALUES (:id, :scope, :target, :startsAt, :endsAt,"
                        + " :reason, :createdBy, :createdAt, :updatedAt, :endedAt)")
                .paramSource(params(window))
                .update();
    }

    void update(MaintenanceWindow window) {
        jdbc.sql("""
                        UPDATE maintenance_window
                           SET scope = :scope, target = :target, starts_at = :startsAt, ends_at = :endsAt,
                               reason = :reason, updated_at = :updatedAt, ended_at = :endedAt, version = version + 1
                         WHERE id = :id
                        """).paramSource(params(window)).update();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM maintenance_window WHERE id = :id")
                .param("id", id)
                .update();
    }

    /**
     * One page of the windows passing the filter, newest first, and how many pass it in all.
     *
     * @param domainTargets when not null, only {@code url} windows for {@code url} and {@code
     *     domain} windows with one of these targets
     */
    Page find(
            @Nullable WindowState state,
            @Nullable WindowScope scope,
            @Nullable String target,
            @Nullable String url,
            @Nullable List<String> domainTargets,
            Instant now,
            int page,
            int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new HashMap<>();
        if (state != null) {
            params.put("now", utc(now));
            String ended = "(ends_at <= :now OR (ended_at IS NOT NULL AND ended_at <= :now))";
            where.append(
                    switch (state) {
                        case ENDED -> " AND " + ended;
                        case UPCOMING -> " AND NOT " + ended + " AND starts_at > :now";
                        case ACTIVE -> " AND NOT " + ended + " AND starts_at <= :now";
                    });
        }
        if (scope != null) {
            where.append(" AND scope = :scope");
            params.put("scope", scope.wireName());
        }
        if (target != null) {
            where.append(" AND lower(target) = lower(:target)");
            params.put("target", target);
        }
        if (url != null && domainTargets != null) {
            where.append(" AND ((scope = 'url' AND target = :url) OR (scope = 'domain' AND target IN (:domains)))");
            params.put("url", url);
            params.put("domains", domainTargets);
        }
        long total = jdbc.sql("SELECT count(*) FROM maintenance_window" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<MaintenanceWindow> items = jdbc.sql("SELECT " + COLUMNS + " FROM maintenance_window" + where
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> map(rs))
                .list();
        return new Page(items, total);
    }

    record Page(List<MaintenanceWindow> items, long total) {}

    private static Map<String, Object> params(MaintenanceWindow window) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", window.id());
        params.put("scope", window.scope().wireName());
        params.put("target", window.target());
        params.put("startsAt", utc(window.startsAt()));
        params.put("endsAt", utc(window.endsAt()));
        params.put("reason", window.reason());
        params.put("createdBy", window.createdBy());
        params.put("createdAt", utc(window.createdAt()));
        params.put("updatedAt", utc(window.updatedAt()));
        params.put("endedAt", window.endedAt() == null ? null : utc(window.endedAt()));
        return params;
    }

    private static MaintenanceWindow map(ResultSet rs) throws SQLException {
        OffsetDateTime endedAt = rs.getObject("ended_at", OffsetDateTime.class);
        return new MaintenanceWindow(
                rs.getObject("id", UUID.class),
                WindowScope.fromWireName(rs.getString("scope")),
                rs.getString("target"),
                rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                rs.getObject("ends_at", OffsetDateTime.class).toInstant(),
                rs.getString("reason"),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                endedAt == null ? null : endedAt.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
