package dev.downtime.receiver.alerts.grouping;

import dev.downtime.receiver.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * The grouping state's stored form, in PostgreSQL: temporary copies (one connection's own) of the
 * tables the migrations make, written and read as {@code AlertGroups} does.
 */
final class GroupStateTable implements AutoCloseable {

    /** Copies of the migrated tables: columns, defaults, checks and keys, not the foreign key. */
    static final String TABLES = """
            CREATE TEMPORARY TABLE alert_group (LIKE public.alert_group INCLUDING ALL);
            CREATE TEMPORARY TABLE alert_group_site (LIKE public.alert_group_site INCLUDING ALL);
            """;

    private final Connection connection;

    GroupStateTable() throws SQLException {
        TestDatabase.Connection database = TestDatabase.connection();
        // This test may be the first of the run: the schema is the migrations' (a no-op once done).
        Flyway.configure()
                .dataSource(database.url(), database.username(), database.password())
                .load()
                .migrate();
        connection = DriverManager.getConnection(database.url(), database.username(), database.password());
        try (Statement statement = connection.createStatement()) {
            statement.execute(TABLES);
        }
    }

    /** Replaces what is stored by these states. */
    void save(Map<GroupKey, GroupState> states) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM alert_group_site");
            statement.execute("DELETE FROM alert_group");
        }
        try (PreparedStatement group =
                        connection.prepareStatement("INSERT INTO alert_group VALUES (?, ?, ?, ?, ?, ?)");
                PreparedStatement site = connection.prepareStatement(
                        "INSERT INTO alert_group_site VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (GroupState state : states.values()) {
                group.setString(1, state.key().value());
                set(group, 2, state.firstAlertAt());
                set(group, 3, state.lastSentAt());
                set(group, 4, state.nextDueAt());
                group.setBoolean(5, state.open());
                group.setInt(6, state.sequence());
                group.addBatch();
                for (GroupState.Site s : state.sites()) {
                    site.setString(1, state.key().value());
                    site.setString(2, s.url());
                    site.setString(3, s.host());
                    set(site, 4, s.downSince());
                    set(site, 5, s.alertingSince());
                    set(site, 6, s.confirmedAt());
                    set(site, 7, s.backAt());
                    site.setBoolean(8, s.announcedDown());
                    site.setBoolean(9, s.announcedConfirmed());
                    set(site, 10, s.changedAt());
                    site.addBatch();
                }
            }
            group.executeBatch();
            site.executeBatch();
        }
    }

    Map<GroupKey, GroupState> load() throws SQLException {
        Map<String, List<GroupState.Site>> sites = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM alert_group_site")) {
            while (rows.next()) {
                sites.computeIfAbsent(rows.getString("group_key"), key -> new ArrayList<>())
                        .add(new GroupState.Site(
                                rows.getString("url"),
                                rows.getString("host"),
                                instant(rows, "down_since"),
                                instant(rows, "alerting_since"),
                                instantOrNull(rows, "confirmed_at"),
                                instantOrNull(rows, "back_at"),
                                rows.getBoolean("announced_down"),
                                rows.getBoolean("announced_confirmed"),
                                instantOrNull(rows, "changed_at")));
            }
        }
        Map<GroupKey, GroupState> states = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM alert_group")) {
            while (rows.next()) {
                GroupKey key = GroupKey.parse(rows.getString("key"));
                states.put(
                        key,
                        new GroupState(
                                key,
                                instant(rows, "first_alert_at"),
                                instantOrNull(rows, "last_sent_at"),
                                instantOrNull(rows, "next_due_at"),
                                rows.getBoolean("open"),
                                rows.getInt("sequence"),
                                sites.getOrDefault(key.value(), List.of())));
            }
        }
        return states;
    }

    private static void set(PreparedStatement statement, int index, @Nullable Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
