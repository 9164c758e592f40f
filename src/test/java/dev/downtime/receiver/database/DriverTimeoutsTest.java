package dev.downtime.receiver.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.TestDatabaseInitializer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/** The driver's timeouts, set the way a deployment sets them: as environment variables. */
@IntegrationTest
@ContextConfiguration(initializers = {TestDatabaseInitializer.class, DriverTimeoutsTest.EnvironmentVariables.class})
@DirtiesContext
class DriverTimeoutsTest {

    /** Bound like the process environment (upper case, underscores), ahead of everything else. */
    static class EnvironmentVariables implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new SystemEnvironmentPropertySource(
                            "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of(
                                    "RECEIVER_DATABASE_SOCKET_TIMEOUT", "7s",
                                    "RECEIVER_DATABASE_CONNECT_TIMEOUT", "3s",
                                    "RECEIVER_DATABASE_LOGIN_TIMEOUT", "1500ms",
                                    "RECEIVER_DATABASE_MIGRATION_SOCKET_TIMEOUT", "90s")));
        }
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    Flyway flyway;

    @Test
    void givesBothPoolsDriversTheTimeoutsSetInTheEnvironment() throws SQLException {
        ReservingDataSource pools = (ReservingDataSource) dataSource;

        for (HikariDataSource pool : List.of(dataSource.unwrap(HikariDataSource.class), pools.reserved())) {
            assertThat(pool.getDataSourceProperties())
                    .containsEntry("socketTimeout", "7")
                    .containsEntry("connectTimeout", "3")
                    .containsEntry("loginTimeout", "2")
                    .containsEntry("tcpKeepAlive", "true");
        }
        try (Connection connection = dataSource.getConnection()) {
            // pgjdbc's network timeout is its socket timeout.
            assertThat(connection.getNetworkTimeout()).isEqualTo(7000);
        }
        int reservedTimeout = ReservedConnections.run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.getNetworkTimeout();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(reservedTimeout).isEqualTo(7000);
    }

    @Test
    void migratesWithASocketTimeoutOfItsOwnSoThatALongMigrationIsNotCutShort() throws SQLException {
        DataSource migrations = flyway.getConfiguration().getDataSource();

        assertThat(migrations).isNotSameAs(dataSource);
        try (Connection connection = migrations.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(90_000);
        }
    }

    @Test
    void migratesAsTheFlywayUserAtTheFlywayUrlWhenTheyAreSet() {
        FlywayProperties flywayProperties = new FlywayProperties();
        flywayProperties.setUrl("jdbc:postgresql://db.example:5432/receiver");
        flywayProperties.setUser("schema_owner");
        flywayProperties.setPassword("owner-secret");
        JdbcConnectionDetails application = new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "receiver";
            }

            @Override
            public String getPassword() {
                return "app-secret";
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://app.example:5432/receiver";
            }
        };
        DatabaseProperties timeouts = new DatabaseProperties(
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofMinutes(30));

        var migrations = (SimpleDriverDataSource)
                new DriverTimeoutsConfiguration().flywayDataSource(application, flywayProperties, timeouts);

        assertThat(migrations.getUrl()).isEqualTo("jdbc:postgresql://db.example:5432/receiver");
        assertThat(migrations.getConnectionProperties())
                .containsEntry("user", "schema_owner")
                .containsEntry("password", "owner-secret")
                .containsEntry("socketTimeout", "1800");

        var asApplication = (SimpleDriverDataSource)
                new DriverTimeoutsConfiguration().flywayDataSource(application, new FlywayProperties(), timeouts);

        assertThat(asApplication.getUrl()).isEqualTo("jdbc:postgresql://app.example:5432/receiver");
        assertThat(asApplication.getConnectionProperties())
                .containsEntry("user", "receiver")
                .containsEntry("password", "app-secret");
    }
}
