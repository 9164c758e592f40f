package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * {@code mvn spring-boot:test-run} as a developer lives it, each run in a JVM of its own on one
 * Docker volume: a first run, Ctrl-C, a second run on the volume that now holds data, a run
 * killed hard, and one more. Runs where a Docker engine answers; skipped, not passed, elsewhere.
 */
class DevRunTest {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String name = "downtime-receiver-test-devrun-" + suffix;
    private final String volume = "downtime-receiver-test-devrun-data-" + suffix;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path workingDirectory;

    // Per test, not @BeforeAll: surefire counts each as skipped then, instead of showing no test at all.
    @BeforeEach
    void needsADockerEngine() {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine answers");
    }

    @AfterEach
    void removeRunsContainerAndVolume() throws InterruptedException {
        // A failed assertion leaves a run up: it must not outlive the test.
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor();
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return; // skipped: nothing was made
        }
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.removeContainerCmd(name).withForce(true).exec();
        } catch (NotFoundException alreadyGone) {
            // The usual case: the run removed it.
        }
        try {
            docker.removeVolumeCmd(volume).exec();
        } catch (NotFoundException neverCreated) {
            // The first run failed before creating it.
        }
    }

    @Test
    void startsAgainOnItsVolumeAfterCtrlCAndAfterAHardKill() throws Exception {
        Run first = Run.start(this, "first");
        assertThat(first.postWebhook(1385139152)).isEqualTo("ok");
        assertThat(first.terminate()).contains("downtime-receiver stopped PostgreSQL from Docker container " + name);
        assertThat(containerExists()).isFalse();

        Run second = Run.start(this, "second"); // the run that timed out before (issue 17)
        assertThat(notifications()).isEqualTo(1);
        assertThat(containerLog())
                .contains("database system was shut down at")
                .doesNotContain("not properly shut down");
        assertThat(second.postWebhook(1385139153)).isEqualTo("ok");
        // Notifications are written in batches: this one is committed before the kill.
        await().atMost(Duration.ofSeconds(30)).until(() -> notifications() == 2);
        second.kill(); // no shutdown hook: the container stays, PostgreSQL running

        assertThat(containerExists()).isTrue();
        Run third = Run.start(this, "third");
        assertThat(third.output()).contains("Container " + name + " is left over from a run that did not stop it");
        assertThat(notifications()).isEqualTo(2);
        third.terminate();
        assertThat(containerExists()).isFalse();
    }

    private boolean containerExists() {
        try {
            DockerClientFactory.instance().client().inspectContainerCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private String containerLog() {
        return DevPostgresContainer.logs(DockerClientFactory.instance().client(), name);
    }

    /** Counted straight in the run's database, which the service's API would need a token for. */
    private long notifications() throws SQLException {
        var bindings = DockerClientFactory.instance()
                .client()
                .inspectContainerCmd(name)
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings()
                .get(ExposedPort.tcp(5432));
        String url = "jdbc:postgresql://" + DockerClientFactory.instance().dockerHostIpAddress() + ":"
                + bindings[0].getHostPortSpec() + "/" + DevPostgresContainer.DATABASE;
        try (Connection connection =
                        DriverManager.getConnection(url, DevPostgresContainer.USER, DevPostgresContainer.PASSWORD);
                ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM notification")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** One {@code mvn spring-boot:test-run}: the same main class, in a JVM of its own. */
    private record Run(DevRunTest test, Process process, Path outputFile, int port) {

        static Run start(DevRunTest test, String label) throws IOException, InterruptedException {
            int port = freePort();
            Path output = test.workingDirectory.resolve(label + ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-Xmx256m",
                            "-D" + TestDatabase.DEV_CONTAINER_PROPERTY + "=" + test.name,
                            "-D" + TestDatabase.DEV_VOLUME_PROPERTY + "=" + test.volume,
                            "-cp",
                            System.getProperty("java.class.path"),
                            TestDowntimeReceiverApplication.class.getName(),
                            "--server.port=" + port,
                            "--spring.main.banner-mode=off"))
                    // Its relative data directories (.data/spool, data/snapshot) land here.
                    .directory(test.workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().remove("SPRING_DATASOURCE_URL");
            builder.environment().remove("RECEIVER_SPOOL_DIRECTORY");
            Process process = builder.start();
            test.processes.add(process);
            Run run = new Run(test, process, output, port);
            run.awaitReady(Duration.ofMinutes(3));
            return run;
        }

        /** A notification of its own: one repeated with the same ts is stored once. */
        String postWebhook(long ts) throws IOException, InterruptedException {
            return test.http
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"url\":\"http://example.com\",\"code\":503,\"ts\":" + ts + "}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }

        /** SIGTERM: the JVM runs the shutdown hooks Ctrl-C's SIGINT runs; returns what the run printed. */
        String terminate() throws InterruptedException {
            process.destroy();
            process.waitFor();
            return output();
        }

        /** SIGKILL: no shutdown hook runs. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        String output() {
            try {
                return Files.readString(outputFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void awaitReady(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            URI readiness = URI.create("http://localhost:" + port + "/actuator/health/readiness");
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the dev run exited at start-up:\n" + output());
                }
                try {
                    if (test.http
                                    .send(
                                            HttpRequest.newBuilder(readiness).build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // keep waiting
                }
                Thread.sleep(250);
            }
            kill();
            throw new IllegalStateException("the dev run was not ready within " + timeout + ":\n" + output());
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
