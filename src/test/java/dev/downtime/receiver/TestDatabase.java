package dev.downtime.receiver;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
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

    /**
     * A server for {@code mvn spring-boot:test-run} that keeps its data between runs: a {@code
     * postgres:18} container on the Docker volume {@value #DEV_VOLUME} when a Docker engine
     * answers, else embedded binaries with their data in {@code dataDirectory}.
     */
    public static Connection persistent(Path dataDirectory) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18")
                    .withCreateContainerCmdModifier(cmd ->
                            cmd.getHostConfig().withBinds(new Bind(DEV_VOLUME, new Volume("/var/lib/postgresql"))));
            container.start();
            return new Connection(
                    container.getJdbcUrl(),
                    container.getUsername(),
                    container.getPassword(),
                    "Testcontainers postgres:18, data in Docker volume " + DEV_VOLUME);
        }
        Path directory = dataDirectory.resolve("postgres").toAbsolutePath();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .start();
            return connectionTo(postgres, "embedded PostgreSQL, data in " + directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + directory, e);
        }
    }

    private static Connection connectionTo(EmbeddedPostgres postgres, String source) {
        return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, source);
    }
}
