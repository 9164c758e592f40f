package dev.downtime.receiver.sites;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The whole inventory at once, in plain SQL where volume pays: an upload of 10,000 sites is one
 * set-based statement over arrays (unnest), not 10,000 entity saves; loading the inventory into
 * memory reads only the three columns it needs.
 */
@Component
class InventoryStore {

    /** One stored site as read: its columns as text, so that unchanged rows need not be parsed again. */
    record Row(String url, @Nullable String host, String labels) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    InventoryStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    long version() {
        return jdbc.sql("SELECT version FROM site_inventory_version")
                .query(Long.class)
                .single();
    }

    /** Serializes uploads: each computes its diff from what the previous one left. */
    void lock() {
        jdbc.sql("SELECT version FROM site_inventory_version FOR UPDATE")
                .query(Long.class)
                .single();
    }

    List<Row> rows() {
        return jdbc.sql("SELECT url, host, labels::text AS labels FROM site")
                .query((rs, n) -> new Row(rs.getString("url"), rs.getString("host"), rs.getString("labels")))
                .list();
    }

    /** Inserts the new sites and updates the changed ones, in one statement. */
    void upsert(Collection<Site> sites, Instant now) {
        if (sites.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(sites.size());
        List<String> urls = new ArrayList<>(sites.size());
        List<@Nullable String> hosts = new ArrayList<>(sites.size());
        List<String> labels = new ArrayList<>(sites.size());
        for (Site site : sites) {
            ids.add(UUID.randomUUID());
            urls.add(site.key());
            hosts.add(site.host());
            labels.add(LabelsColumn.write(site.labels()));
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        template.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO site AS s (id, url, host, labels, created_at, updated_at)
                    SELECT u.id, u.url, u.host, u.labels::jsonb, ?, ?
                      FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) AS u(id, url, host, labels)
                    ON CONFLICT ((url_key(url))) DO UPDATE
                       SET host = excluded.host, labels = excluded.labels,
                           updated_at = excluded.updated_at, version = s.version + 1
                     WHERE s.host IS DISTINCT FROM excluded.host OR s.labels <> excluded.labels
                    """)) {
                statement.setObject(1, at);
                statement.setObject(2, at);
                statement.setArray(3, array(connection, "uuid", ids));
                statement.setArray(4, array(connection, "text", urls));
                statement.setArray(5, array(connection, "text", hosts));
                statement.setArray(6, array(connection, "text", labels));
                return statement.executeUpdate();
            }
        });
    }

    void delete(Collection<String> urls) {
        if (urls.isEmpty()) {
            return;
        }
        template.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    DELETE FROM site AS s
                     USING unnest(?::text[]) AS u(url)
                     WHERE url_key(s.url) = url_key(u.url) AND s.url = u.url
                    """)) {
                statement.setArray(1, array(connection, "text", List.copyOf(urls)));
                return statement.executeUpdate();
            }
        });
    }

    private static Array array(Connection connection, String type, List<?> values) throws SQLException {
        return connection.createArrayOf(type, values.toArray());
    }
}
