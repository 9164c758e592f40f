package dev.downtime.receiver.database;

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

/**
 * Listens on a PostgreSQL channel that a trigger notifies at commit, and runs {@code onChange} for
 * each batch of notifications, and once after every (re)connection, since changes may have been
 * committed while nobody listened. It holds one connection of its own, outside the pool, and
 * reconnects after a failure; a periodic refresh of the caller remains the safety net.
 */
public final class ChangeChannelListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeChannelListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final String channel;
    private final Runnable onChange;
    private final JdbcConnectionDetails database;
    private final DatabaseProperties properties;
    private final boolean enabled;
    private volatile boolean running;
    private @Nullable Thread thread;

    /**
     * @param channel a plain identifier, as the trigger's {@code pg_notify} names it
     * @param enabled false behind a pooler without LISTEN (PgBouncer in transaction mode)
     */
    public ChangeChannelListener(
            String channel,
            Runnable onChange,
            JdbcConnectionDetails database,
            DatabaseProperties properties,
            boolean enabled) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        this.channel = channel;
        this.onChange = onChange;
        this.database = database;
        this.properties = properties;
        this.enabled = enabled;
    }

    @Override
    public void start() {
        running = true;
        if (enabled) {
            thread =
                    Thread.ofPlatform().name(channel + "-listener").daemon(true).start(this::listen);
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
                    statement.execute("LISTEN " + channel);
                }
                onChange.run();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        onChange.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.debug("Listener on {} disconnected ({}); reconnecting", channel, e.toString());
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        // No socket timeout: the connection waits for notifications, idle, for as long as it lives.
        Properties connection = properties.connectionProperties();
        if (database.getUsername() != null) {
            connection.setProperty("user", database.getUsername());
        }
        if (database.getPassword() != null) {
            connection.setProperty("password", database.getPassword());
        }
        connection.setProperty("ApplicationName", "downtime-receiver " + channel + " listener");
        return DriverManager.getConnection(database.getJdbcUrl(), connection);
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
