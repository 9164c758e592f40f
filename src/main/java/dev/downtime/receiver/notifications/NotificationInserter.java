package dev.downtime.receiver.notifications;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Inserts a batch of notifications in one statement and one transaction. The same statement text
 * for any batch size (one array per column, unnested) keeps it a prepared statement on the server.
 * A row whose id is already stored is skipped, which makes replaying the spool idempotent.
 */
@Component
class NotificationInserter {

    private static final String INSERT = """
            INSERT INTO notification (id, received_at, ts, raw_url, normalized_url, code, host, type, reply,
                                      window_ids, remote_address)
            SELECT id::uuid, received_at::timestamptz, ts::bigint, raw_url, normalized_url, code::integer, host, type,
                   reply, window_ids::uuid[], remote_address
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[])
                   AS t(id, received_at, ts, raw_url, normalized_url, code, host, type, reply, window_ids,
                        remote_address)
            ON CONFLICT (id) DO NOTHING
            """;

    private final JdbcTemplate jdbc;

    NotificationInserter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many rows were new */
    int insert(List<NotificationRecord> rows) {
        Integer inserted = jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                int i = 1;
                statement.setArray(i++, column(connection, rows, r -> r.id().toString()));
                statement.setArray(
                        i++, column(connection, rows, r -> r.receivedAt().toString()));
                statement.setArray(i++, column(connection, rows, r -> r.ts() == null ? null : r.ts().toString()));
                statement.setArray(i++, column(connection, rows, NotificationRecord::rawUrl));
                statement.setArray(i++, column(connection, rows, NotificationRecord::normalizedUrl));
                statement.setArray(i++, column(connection, rows, r -> Integer.toString(r.code())));
                statement.setArray(i++, column(connection, rows, NotificationRecord::host));
                statement.setArray(i++, column(connection, rows, NotificationRecord::type));
                statement.setArray(i++, column(connection, rows, NotificationRecord::reply));
                statement.setArray(
                        i++,
                        column(
                                connection,
                                rows,
                                r -> r.windowIds().stream()
                                        .map(UUID::toString)
                                        .collect(Collectors.joining(",", "{", "}"))));
                statement.setArray(i, column(connection, rows, NotificationRecord::remoteAddress));
                return statement.executeUpdate();
            }
        });
        return inserted == null ? 0 : inserted;
    }

    private static Array column(
            Connection connection, List<NotificationRecord> rows, Function<NotificationRecord, String> value)
            throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        return connection.createArrayOf("text", values);
    }
}
