package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The dev run's database on a Docker volume that already holds data: runs where a Docker engine
 * answers (see docs/development.md for podman), and is skipped, not passed, where none does.
 */
class DevPostgresContainerTest {

    private static final String INITDB = "The files belonging to this database system will be owned by";

    // Names of this test's own, so that a developer's dev volume is never touched.
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String name = "downtime-receiver-test-postgres-" + suffix;
    private final String volume = "downtime-receiver-test-data-" + suffix;
    private final List<DevPostgresContainer> started = new ArrayList<>();

    // Per test, not @BeforeAll: surefire counts each as skipped then, instead of showing no test at all.
    @BeforeEach
    void needsADockerEngine() {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine answers");
    }

    @AfterEach
    void removeContainersAndVolume() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return; // skipped: nothing was made
        }
        started.forEach(DevPostgresContainer::close);
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.removeContainerCmd(name).withForce(true).exec();
        } catch (NotFoundException alreadyGone) {
            // The usual case: close() removed it.
        }
        try {
            docker.removeVolumeCmd(volume).exec();
        } catch (NotFoundException neverCreated) {
            // The first start failed before creating it.
        }
    }

    @Test
    void startsAgainOnAVolumeThatHoldsDataAfterAShutdownThatNeedsNoRecovery() {
        DevPostgresContainer first = start();
        // An empty volume: the image ran initdb on it.
        assertThat(first.logs()).contains(INITDB);
        write(first, "kept across runs");
        first.close();
        assertThat(exists(first.containerId())).isFalse();

        DevPostgresContainer second = start();

        assertThat(read(second)).containsExactly("kept across runs");
        assertThat(second.logs())
                .doesNotContain(INITDB)
                .contains("database system was shut down at")
                .doesNotContain("not properly shut down");
    }

    @Test
    void startsAfterARunKilledHardLeftItsContainerRunning() {
        DevPostgresContainer abandoned = start(); // never closed, as by a JVM killed with SIGKILL
        write(abandoned, "committed before the kill");

        DevPostgresContainer next = start();

        assertThat(exists(abandoned.containerId())).isFalse();
        assertThat(read(next)).containsExactly("committed before the kill");
        // The leftover was stopped, not killed: no recovery needed.
        assertThat(next.logs()).doesNotContain("not properly shut down");
    }

    @Test
    void startsAfterPostgresWasKilledAndLeftAStalePidFileOnTheVolume() {
        DevPostgresContainer killed = start();
        write(killed, "committed before the kill");
        DockerClientFactory.instance()
                .client()
                .killContainerCmd(killed.containerId())
                .exec();

        DevPostgresContainer next = start();

        assertThat(exists(killed.containerId())).isFalse();
        assertThat(read(next)).containsExactly("committed before the kill");
        assertThat(next.logs()).contains("not properly shut down"); // PostgreSQL recovered on its own
    }

    private DevPostgresContainer start() {
        DevPostgresContainer container = DevPostgresContainer.start(name, volume);
        started.add(container);
        return container;
    }

    private static void write(DevPostgresContainer container, String note) {
        try (Connection connection = connect(container);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO note VALUES (?)")) {
            connection.createStatement().execute("CREATE TABLE note (text text NOT NULL)");
            insert.setString(1, note);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> read(DevPostgresContainer container) {
        List<String> notes = new ArrayList<>();
        try (Connection connection = connect(container);
                ResultSet rows = connection.createStatement().executeQuery("SELECT text FROM note")) {
            while (rows.next()) {
                notes.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return notes;
    }

    private static Connection connect(DevPostgresContainer container) throws SQLException {
        return DriverManager.getConnection(container.url(), DevPostgresContainer.USER, DevPostgresContainer.PASSWORD);
    }

    private static boolean exists(String containerId) {
        try {
            DockerClientFactory.instance()
                    .client()
                    .inspectContainerCmd(containerId)
                    .exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
