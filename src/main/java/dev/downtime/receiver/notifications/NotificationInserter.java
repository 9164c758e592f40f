package dev.downtime.receiver.notifications;

import dev.downtime.receiver.database.DatabaseFailure;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts a batch of notifications in one statement. The same statement text for any batch size
 * (one array per column, unnested) keeps it a prepared statement on the server. A row is skipped
 * when its id is already stored (a replayed spool) or when the same check is (a duplicate from
 * Monitor: same normalized URL, {@code ts} to the millisecond, code and host, with a {@code ts}
 * within the allowed clock skew: without one, or with one too far from its arrival, a notification
 * is never a duplicate); for a duplicate, the reply given the first time is looked up so that it
 * can be given again.
 *
 * <p>A row PostgreSQL refuses for what it holds ({@link DatabaseFailure#REFUSED_VALUES}) fails the
 * whole statement; the batch is then split in halves, each tried on its own, down to the refused
 * rows, which are handed back rather than failing the rest: one refused row among {@code n} costs
 * about {@code 2 log2 n} more statements. Each statement commits on its own, and a row already
 * stored is skipped by its id, so trying a part again never stores a row twice. A statement lost to
 * a concurrent transaction (a deadlock) is sent again. Any other failure is thrown: no row is to
 * blame for it.
 *
 * <p>Each statement commits with {@link NotificationsCommitted} for the rows it stored, which the
 * event publication registry writes in the same transaction: one more statement per batch, none per
 * notification. The rows themselves stay one multi-row statement on JDBC, not JPA: a JPA batch
 * would send one INSERT per row (batched, but each planned and checked), and manage an entity per
 * notification that nothing reads back.
 */
@Component
class NotificationInserter {

    // No conflict target, so that either unique index skips the row: the primary key (a replayed
    // spool) and the partial duplicate index (only rows with a ts within the clock skew; see V17).
    private static final String INSERT = """
            INSERT INTO notification (id, received_at, ts, raw_url, normalized_url, code, host, type, reply,
                                      window_ids, remote_address, foreign_host, ts_ms, raw_ts, raw_code, ts_skewed)
            SELECT id::uuid, received_at::timestamptz, ts::bigint, raw_url, normalized_url, code::integer, host, type,
                   reply, window_ids::uuid[], remote_address, foreign_host::boolean, ts_ms::bigint, raw_ts, raw_code,
                   ts_skewed::boolean
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS t(id, received_at, ts, raw_url, normalized_url, code, host, type, reply, window_ids,
                        remote_address, foreign_host, ts_ms, raw_ts, raw_code, ts_skewed)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;

    // Only rows the duplicate index holds can be the first of a check (url_key: see V15; ts_skewed: V17).
    private static final String FIRST_REPLIES = """
            SELECT k.id::uuid, n.reply
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS k(id, normalized_url, ts_ms, code, host)
              JOIN notification n
                ON url_key(n.normalized_url) = url_key(k.normalized_url)
               AND n.normalized_url = k.normalized_url
               AND n.ts_ms = k.ts_ms::bigint
               AND n.code = k.code::integer
               AND lower(coalesce(n.host, '')) = lower(coalesce(k.host, ''))
               AND NOT n.ts_skewed
               AND n.id <> k.id::uuid
            """;

    /** Attempts of a statement lost to a concurrent transaction, in all. */
    private static final int CONFLICT_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(NotificationInserter.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    NotificationInserter(JdbcTemplate jdbc, TransactionTemplate transaction, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
    }

    /**
     * What became of a batch.
     *
     * @param firstReplies for each row skipped as a duplicate of another notification, by its id,
     *     the reply stored with the first one
     * @param refused the rows PostgreSQL refused, each alone, with why; every other row is stored
     */
    record Inserted(Map<UUID, String> firstReplies, List<Refused> refused) {}

    /** A row PostgreSQL refused for what it holds, and why. */
    record Refused(NotificationRecord row, @Nullable String sqlState, String reason) {

        static Refused of(NotificationRecord row, Throwable failure) {
            return new Refused(row, DatabaseFailure.sqlState(failure), DatabaseFailure.reason(failure));
        }
    }

    /**
     * Stores every row PostgreSQL takes.
     *
     * @throws DataAccessException when PostgreSQL fails for a reason that is not in a row; rows of
     *     the batch may have been stored already, and are skipped by id when sent again
     */
    Inserted insert(List<NotificationRecord> rows) {
        Map<UUID, String> firstReplies = new HashMap<>();
        List<Refused> refused = new ArrayList<>();
        isolate(rows, firstReplies, refused);
        return new Inserted(firstReplies, refused);
    }

    private void isolate(List<NotificationRecord> rows, Map<UUID, String> firstReplies, List<Refused> refused) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            firstReplies.putAll(insertRetryingConflicts(rows));
        } catch (DataAccessException e) {
            if (DatabaseFailure.of(e) != DatabaseFailure.REFUSED_VALUES) {
                throw e;
            }
            if (rows.size() == 1) {
                Refused row = Refused.of(rows.getFirst(), e);
                log.warn(
                        "PostgreSQL refused notification {} (SQLSTATE {}: {}); quarantining it",
                        row.row().id(),
                        row.sqlState(),
                        row.reason());
                refused.add(row);
                return;
            }
            int half = rows.size() / 2;
            isolate(rows.subList(0, half), firstReplies, refused);
            isolate(rows.subList(half, rows.size()), firstReplies, refused);
        }
    }

    private Map<UUID, String> insertRetryingConflicts(List<NotificationRecord> rows) {
        for (int attempt = 1; ; attempt++) {
            try {
                return insertOnce(rows);
            } catch (DataAccessException e) {
                if (attempt == CONFLICT_ATTEMPTS || DatabaseFailure.of(e) != DatabaseFailure.CONFLICT) {
                    throw e;
                }
                log.debug("Insert lost to a concurrent transaction, sending it again: {}", e.toString());
            }
        }
    }

    private Map<UUID, String> insertOnce(List<NotificationRecord> rows) {
        Map<UUID, String> firstReplies = transaction.execute(status -> insertAndPublish(rows));
        return firstReplies == null ? Map.of() : firstReplies;
    }

    /** In the caller's transaction: the rows, and the event for those stored. */
    private Map<UUID, String> insertAndPublish(List<NotificationRecord> rows) {
        Set<UUID> inserted = new HashSet<>();
        Map<UUID, String> firstReplies = jdbc.execute((ConnectionCallback<Map<UUID, String>>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                int i = 1;
                statement.setArray(i++, column(connection, rows, r -> r.id().toString()));
                statement.setArray(
                        i++, column(connection, rows, r -> r.receivedAt().toString()));
                statement.setArray(i++, column(connection, rows, NotificationInserter::ts));
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
                statement.setArray(i++, column(connection, rows, NotificationRecord::remoteAddress));
                statement.setArray(i++, column(connection, rows, r -> Boolean.toString(r.foreignHost())));
                statement.setArray(i++, column(connection, rows, NotificationInserter::tsMillis));
                statement.setArray(i++, column(connection, rows, NotificationRecord::rawTs));
                statement.setArray(i++, column(connection, rows, NotificationRecord::rawCode));
                statement.setArray(i, column(connection, rows, r -> Boolean.toString(r.tsSkewed())));
                try (ResultSet ids = statement.executeQuery()) {
                    while (ids.next()) {
                        inserted.add(ids.getObject(1, UUID.class));
                    }
                }
            }
            List<NotificationRecord> skipped =
                    rows.stream().filter(r -> !inserted.contains(r.id())).toList();
            return skipped.isEmpty() ? Map.of() : firstReplies(connection, skipped);
        });
        if (!inserted.isEmpty()) {
            events.publishEvent(new NotificationsCommitted(
                    UUID.randomUUID(),
                    rows.stream()
                            .filter(row -> inserted.contains(row.id()))
                            .map(NotificationsCommitted.Committed::of)
                            .toList()));
        }
        return firstReplies == null ? Map.of() : firstReplies;
    }

    private static Map<UUID, String> firstReplies(Connection connection, List<NotificationRecord> skipped)
            throws SQLException {
        Map<UUID, String> replies = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(FIRST_REPLIES)) {
            statement.setArray(1, column(connection, skipped, r -> r.id().toString()));
            statement.setArray(2, column(connection, skipped, NotificationRecord::normalizedUrl));
            statement.setArray(3, column(connection, skipped, NotificationInserter::tsMillis));
            statement.setArray(4, column(connection, skipped, r -> Integer.toString(r.code())));
            statement.setArray(5, column(connection, skipped, NotificationRecord::host));
            try (ResultSet found = statement.executeQuery()) {
                while (found.next()) {
                    replies.put(found.getObject(1, UUID.class), found.getString(2));
                }
            }
        }
        return replies;
    }

    private static @Nullable String ts(NotificationRecord row) {
        return row.ts() == null ? null : row.ts().toString();
    }

    private static @Nullable String tsMillis(NotificationRecord row) {
        return row.tsMillis() == null ? null : row.tsMillis().toString();
    }

    private static Array column(
            Connection connection, List<NotificationRecord> rows, Function<NotificationRecord, @Nullable String> value)
            throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        return connection.createArrayOf("text", values);
    }
}
