package dev.downtime.receiver.database;

import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Gives Flyway's connections pgjdbc's timeouts of {@link DatabaseProperties} (the pools get theirs
 * in {@link ConnectionPoolsConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class DriverTimeoutsConfiguration {

    /**
     * Flyway's own connections, with a socket timeout of their own: building an index on a large
     * table can rightly take longer than any request should wait. They use {@code spring.flyway.url},
     * {@code user} and {@code password} where set (a role that owns the schema), as Boot would, else
     * the application's. Not a candidate for injection elsewhere, so the pool stays the
     * application's data source.
     */
    @Bean(defaultCandidate = false)
    @FlywayDataSource
    DataSource flywayDataSource(
            JdbcConnectionDetails database, FlywayProperties flyway, DatabaseProperties properties) {
        Properties connection = properties.migrationConnectionProperties();
        String user = flyway.getUser() != null ? flyway.getUser() : database.getUsername();
        String password = flyway.getPassword() != null ? flyway.getPassword() : database.getPassword();
        if (user != null) {
            connection.setProperty("user", user);
        }
        if (password != null) {
            connection.setProperty("password", password);
        }
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource();
        dataSource.setDriver(new Driver());
        dataSource.setUrl(flyway.getUrl() != null ? flyway.getUrl() : database.getJdbcUrl());
        dataSource.setConnectionProperties(connection);
        return dataSource;
    }
}
