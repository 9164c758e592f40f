package dev.downtime.receiver.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on the PostgreSQL channels of every {@link ChangeChannel} bean that asks to be heard, and
 * runs a channel's {@code onChange} for each batch of its notifications, and after every
 * (re)connection, since changes may have been committed while nobody listened. It holds one
 * connection of its own for all channels, outside the pool, and reconnects after a failure; each
 * module's periodic refresh remains the safety net.
 */
@Component
class ChangeChannelListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeChannelListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final Map<String, Runnable> channels = new LinkedHashMap<>();
    private final JdbcConnectionDetails database;
    private final DatabaseProperties properties;
    private volatile boolean running;
    private @Nullable Thread thread;

    ChangeChannelListener(
            ObjectProvider<ChangeChannel> channels, JdbcConnectionDetails database, DatabaseProperties properties) {
        channels.orderedStream()
                .filter(ChangeChannel::listen)
                .forEach(channel -> this.channels.put(channel.name(), channel.onChange()));
        this.database = database;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        if (!channels.isEmpty()) {
            thread = Thread.ofPlatform().name("change-listener").daemon(true).start(this::listen);
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
                    for (String channel : channels.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                channels.values().forEach(Runnable::run);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        Set<String> heard = new LinkedHashSet<>();
                        for (PGNotification notification : notifications) {
                            heard.add(notification.getName());
                        }
                        heard.forEach(
                                name -> channels.getOrDefault(name, () -> {}).run());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.debug("Change listener disconnected ({}); reconnecting", e.toString());
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
        connection.setProperty("ApplicationName", "downtime-receiver change listener");
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
