package dev.downtime.receiver.database;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Properties;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service reaches PostgreSQL, beyond its URL and credentials. The driver's timeouts are
 * typed properties here rather than {@code spring.datasource.hikari.data-source-properties.*}: bound
 * from an environment variable, that map's keys arrive lower-cased, and pgjdbc reads its
 * properties case-sensitively, so they would be silently ignored.
 *
 * @param probeInterval how often a database found unavailable is tried again
 * @param connectTimeout pgjdbc's limit on opening a TCP connection to PostgreSQL
 * @param loginTimeout pgjdbc's limit on connecting and logging in, in all
 * @param socketTimeout pgjdbc gives up on a pooled connection whose PostgreSQL stopped answering;
 *     not applied to schema migrations, which may rightly take longer
 * @param migrationSocketTimeout the same for Flyway's connections at start-up: long enough for an
 *     index build on a large table, short enough that a frozen PostgreSQL does not hang start-up
 *     for hours
 */
@Validated
@ConfigurationProperties("receiver.database")
public record DatabaseProperties(
        @DefaultValue("500ms") @NotNull Duration probeInterval,
        // pgjdbc counts whole seconds, and 0 would mean no limit at all.
        @DefaultValue("2s") @NotNull @DurationMin(seconds = 1)
        Duration connectTimeout,

        @DefaultValue("2s") @NotNull @DurationMin(seconds = 1)
        Duration loginTimeout,

        @DefaultValue("5s") @NotNull @DurationMin(seconds = 1)
        Duration socketTimeout,

        @DefaultValue("30m") @NotNull @DurationMin(seconds = 1)
        Duration migrationSocketTimeout) {

    /** pgjdbc properties for any connection of the service: bounded connect and login, keep-alive. */
    public Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", seconds(connectTimeout));
        properties.setProperty("loginTimeout", seconds(loginTimeout));
        // A PostgreSQL that vanished without closing the connection is noticed on idle connections too.
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }

    /** {@link #connectionProperties()} and the socket timeout: for the pool the requests use. */
    Properties pooledConnectionProperties() {
        Properties properties = connectionProperties();
        properties.setProperty("socketTimeout", seconds(socketTimeout));
        return properties;
    }

    /** {@link #connectionProperties()} and the migrations' socket timeout: for Flyway. */
    Properties migrationConnectionProperties() {
        Properties properties = connectionProperties();
        properties.setProperty("socketTimeout", seconds(migrationSocketTimeout));
        return properties;
    }

    /** Whole seconds, rounded up: a limit is never shortened. */
    private static String seconds(Duration duration) {
        return Long.toString((duration.toMillis() + 999) / 1000);
    }
}
