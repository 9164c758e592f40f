package dev.downtime.receiver;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests run against, chosen once per JVM: {@code TEST_JDBC_URL} (with
 * {@code TEST_JDBC_USER} and {@code TEST_JDBC_PASSWORD}) when set; else a Testcontainers {@code
 * postgres:18} when a Docker engine answers; else embedded PostgreSQL binaries from Maven.
 */
public final class TestDatabase {

    static final String DEV_VOLUME = "downtime-receiver-dev-data";

    static final String DEV_CONTAINER = "downtime-receiver-dev-postgres";

    static final String DEV_VOLUME_PROPERTY = "downtime-receiver.dev-volume";
    static final String DEV_CONTAINER_PROPERTY = "downtime-receiver.dev-container";

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    private static @Nullable Connection connection;

    private TestDatabase() {}

    public record Connection(
            String url, @Nullable String username, @Nullable String password, String source) {}

    public static synchronized Connection connection() {
        if (connection == null) {
            connection = choose();
            log.info("Tests use PostgreSQL from {}: {}", connection.source(), connection.url());
        }
        return connection;
    }

    private static Connection choose() {
        String url = System.getenv("TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new Connection(
                    url, System.getenv("TEST_JDBC_USER"), System.getenv("TEST_JDBC_PASSWORD"), "TEST_JDBC_URL");
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18");
            container.start();
            return new Connection(
                    container.getJdbcUrl(),
                    container.getUsername(),
                    container.getPassword(),
                    "Testcontainers postgres:18");
        }
        return embedded();
    }

    /** A fresh embedded server, stopped when the JVM exits. */
    public static Connection embedded() {
        try {
            return connectionTo(EmbeddedPostgres.builder().start(), "embedded PostgreSQL");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** A server that keeps its data between runs, and how to shut it down cleanly. */
    public record PersistentServer(Connection connection, Runnable stop) {}

    /**
     * A server for {@code mvn spring-boot:test-run} that keeps its data between runs: a {@code
     * postgres:18} container on the Docker volume {@value #DEV_VOLUME} when a Docker engine
     * answers (see {@link DevPostgresContainer}), else embedded binaries with their data in {@code
     * dataDirectory}. The caller stops it, once the service is down, with {@link
     * PersistentServer#stop()} (embedded binaries also stop themselves when the JVM exits).
     */
    public static PersistentServer persistent(Path dataDirectory) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            // Other names only for DevRunTest, which must not touch a developer's volume.
            String name = System.getProperty(DEV_CONTAINER_PROPERTY, DEV_CONTAINER);
            String volume = System.getProperty(DEV_VOLUME_PROPERTY, DEV_VOLUME);
            DevPostgresContainer container = DevPostgresContainer.start(name, volume);
            return new PersistentServer(
                    new Connection(
                            container.url(),
                            DevPostgresContainer.USER,
                            DevPostgresContainer.PASSWORD,
                            "Docker container " + name + " (" + DevPostgresContainer.IMAGE + "), data in Docker volume "
                                    + volume),
                    container::close);
        }
        Path directory = dataDirectory.resolve("postgres").toAbsolutePath();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .start();
            return new PersistentServer(connectionTo(postgres, "embedded PostgreSQL, data in " + directory), () -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    log.warn("Could not stop embedded PostgreSQL in {}", directory, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + directory, e);
        }
    }

    private static Connection connectionTo(EmbeddedPostgres postgres, String source) {
        return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, source);
    }
}
