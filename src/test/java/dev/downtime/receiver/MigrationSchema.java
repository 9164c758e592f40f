package dev.downtime.receiver;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A schema of its own in the test database, migrated by Flyway up to the version a migration test
 * starts from: the test fills it as that release left its data, migrates on, and checks what the
 * migration made of it. Closing drops the schema.
 */
public final class MigrationSchema implements AutoCloseable {

    private final String name = "migration_" + UUID.randomUUID().toString().replace("-", "");
    private final SingleConnectionDataSource dataSource;
    private final JdbcClient jdbc;

    private MigrationSchema() {
        TestDatabase.Connection connection = TestDatabase.connection();
        dataSource =
                new SingleConnectionDataSource(connection.url(), connection.username(), connection.password(), true);
        jdbc = JdbcClient.create(dataSource);
    }

    /** A new schema with the migrations up to {@code version} applied. */
    public static MigrationSchema at(String version) {
        MigrationSchema schema = new MigrationSchema();
        schema.migrateTo(version);
        schema.jdbc.sql("SET search_path TO " + schema.name).update();
        return schema;
    }

    /** Applies the migrations after the current version, up to {@code version}. */
    public void migrateTo(String version) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(name)
                .createSchemas(true)
                .target(version)
                .load()
                .migrate();
    }

    /** Statements in the schema (its one connection has it as the search path). */
    public JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        jdbc.sql("DROP SCHEMA " + name + " CASCADE").update();
        dataSource.destroy();
    }
}
