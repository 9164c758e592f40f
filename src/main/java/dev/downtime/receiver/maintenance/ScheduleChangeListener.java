package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.database.DatabaseProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL for schedule changes committed by any instance and reloads the windows
 * at once. It holds one connection of its own, outside the pool, and reconnects after a failure;
 * the periodic refresh remains the safety net for anything missed while it was disconnected.
 */
@Component
class ScheduleChangeListener implements SmartLifecycle {

    static final String CHANNEL = "maintenance_schedule_changed";

    private static final Logger log = LoggerFactory.getLogger(ScheduleChangeListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final MaintenanceSchedule schedule;
    private final JdbcConnectionDetails database;
    private final DatabaseProperties databaseProperties;
    private final boolean enabled;
    private volatile boolean running;
    private @Nullable Thread thread;

    ScheduleChangeListener(
            MaintenanceSchedule schedule,
            JdbcConnectionDetails database,
            DatabaseProperties databaseProperties,
            MaintenanceProperties properties) {
        this.schedule = schedule;
        this.database = database;
        this.databaseProperties = databaseProperties;
        this.enabled = properties.listenForChanges();
    }

    @Override
    public void start() {
        running = true;
        if (enabled) {
            thread = Thread.ofPlatform().name("schedule-listener").daemon(true).start(this::listen);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                // Changes may have been committed while we were not listening, or the windows
                // may still come from the snapshot of a start without PostgreSQL.
                schedule.refresh();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        schedule.refresh();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.debug("Schedule change listener disconnected ({}); reconnecting", e.toString());
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        // No socket timeout: the connection waits for notifications, idle, for as long as it lives.
        Properties properties = databaseProperties.connectionProperties();
        if (database.getUsername() != null) {
            properties.setProperty("user", database.getUsername());
        }
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("ApplicationName", "downtime-receiver schedule listener");
        return DriverManager.getConnection(database.getJdbcUrl(), properties);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
