package dev.downtime.receiver.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Runs Flyway at start-up when PostgreSQL answers, as usual. When it does not, start-up goes on
 * (the webhook answers from the window snapshot and spools notifications) and the migration is
 * retried in the background until it succeeds. A database that answers but cannot be migrated
 * still stops start-up.
 */
@Component
public class SchemaMigration implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);

    private volatile boolean migrated;

    /** Whether the schema is known to be current, so that the service may use it. */
    public boolean migrated() {
        return migrated;
    }

    @Override
    public void migrate(Flyway flyway) {
        if (reachable(flyway)) {
            flyway.migrate();
            migrated = true;
            return;
        }
        Thread.ofVirtual().name("schema-migration").start(() -> migrateWhenReachable(flyway));
    }

    private void migrateWhenReachable(Flyway flyway) {
        while (!migrated) {
            try {
                Thread.sleep(RETRY_INTERVAL);
                if (reachable(flyway)) {
                    flyway.migrate();
                    migrated = true;
                    log.info("PostgreSQL reachable: schema migrated");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Schema migration failed; retrying in {}", RETRY_INTERVAL, e);
            }
        }
    }

    private static boolean reachable(Flyway flyway) {
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            log.warn("PostgreSQL is not reachable: {}", e.getMessage());
            return false;
        }
    }
}
