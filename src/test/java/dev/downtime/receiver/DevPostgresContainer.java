package dev.downtime.receiver;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code postgres:18} container whose data lives on a named Docker volume and outlives it: the
 * database of {@code mvn spring-boot:test-run}.
 *
 * <p>Driven through the Docker API rather than Testcontainers' {@code PostgreSQLContainer}, whose
 * life cycle does not fit a database that must survive: it waits for "ready to accept connections"
 * to be logged twice, which the image does only while it initialises an empty data directory, and
 * it ends containers with SIGKILL (Ryuk, or its JVM shutdown hook when Ryuk is disabled), so every
 * next start begins with crash recovery. Here readiness is a query answered on the mapped port,
 * {@link #close()} lets PostgreSQL shut down, and a container left behind by a run killed hard is
 * stopped and removed by the next {@link #start}; PostgreSQL itself then deals with the stale
 * {@code postmaster.pid} on the volume.
 */
final class DevPostgresContainer implements AutoCloseable {

    static final String IMAGE = "postgres:18";

    /**
     * The credentials Testcontainers' PostgreSQL module uses, which earlier versions of the dev run
     * initialised {@link TestDatabase#DEV_VOLUME} with: volumes made then must keep working.
     */
    static final String DATABASE = "test";

    static final String USER = "test";
    static final String PASSWORD = "test";

    /** How long {@code docker stop} lets PostgreSQL's fast shutdown take before it kills. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** Covers crash recovery of a volume whose last server was killed. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private static final int PORT = 5432;
    private static final ExposedPort EXPOSED = ExposedPort.tcp(PORT);

    /** The official image's volume; in 18+ the data directory is below it (PGDATA=/var/lib/postgresql/18/docker). */
    private static final String VOLUME_PATH = "/var/lib/postgresql";

    private static final Logger log = LoggerFactory.getLogger(DevPostgresContainer.class);

    private final DockerClient docker;
    private final String name;
    private final String containerId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private @Nullable String url;

    private DevPostgresContainer(DockerClient docker, String name, String containerId) {
        this.docker = docker;
        this.name = name;
        this.containerId = containerId;
    }

    /**
     * Starts the container {@code name} on the volume {@code volume} (created when missing) and
     * returns once it answers a query; a container already called {@code name} is stopped and
     * removed first.
     */
    static DevPostgresContainer start(String name, String volume) {
        DockerClient docker = DockerClientFactory.instance().client();
        removeLeftover(docker, name);
        // Resolves and pulls (when missing) as Testcontainers does, honouring its image substitution.
        String image = new RemoteDockerImage(DockerImageName.parse(IMAGE)).get();
        String id = docker.createContainerCmd(image)
                .withName(name)
                .withLabels(Map.of("dev.downtime.receiver.volume", volume))
                .withEnv("POSTGRES_DB=" + DATABASE, "POSTGRES_USER=" + USER, "POSTGRES_PASSWORD=" + PASSWORD)
                .withExposedPorts(EXPOSED)
                // The image's own command: not Testcontainers' `-c fsync=off`, as this data is meant to last.
                // SIGINT is PostgreSQL's fast shutdown (and the official image's STOPSIGNAL): said
                // here so that a plain `docker stop` of this container also shuts it down cleanly.
                .withStopSignal("SIGINT")
                .withStopTimeout((int) STOP_GRACE.toSeconds())
                .withHostConfig(HostConfig.newHostConfig()
                        .withBinds(new Bind(volume, new Volume(VOLUME_PATH)))
                        .withPortBindings(new PortBinding(Ports.Binding.empty(), EXPOSED)))
                .exec()
                .getId();
        DevPostgresContainer container = new DevPostgresContainer(docker, name, id);
        try {
            docker.startContainerCmd(id).exec();
            container.awaitReady();
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
        log.info("PostgreSQL container {} ({}) on volume {} is ready at {}", name, image, volume, container.url());
        return container;
    }

    String url() {
        if (url == null) {
            url = "jdbc:postgresql://" + DockerClientFactory.instance().dockerHostIpAddress() + ":" + mappedPort() + "/"
                    + DATABASE;
        }
        return url;
    }

    String containerId() {
        return containerId;
    }

    /** What the container has logged so far: for tests, and for errors when it does not start. */
    String logs() {
        return logs(docker, containerId);
    }

    /** What the container (id or name) has logged so far. */
    static String logs(DockerClient docker, String container) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(container)
                    .withStdOut(true)
                    .withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    /**
     * Shuts PostgreSQL down (SIGINT, then SIGKILL after {@link #STOP_GRACE}) and removes the
     * container; the volume stays. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopAndRemove(docker, containerId);
        log.info("PostgreSQL container {} stopped and removed", name);
    }

    /** A listening port alone is not enough: the server may still be recovering, or be the image's init-time one. */
    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", PASSWORD);
        credentials.setProperty("loginTimeout", "5");
        credentials.setProperty("socketTimeout", "5");
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state =
                    docker.inspectContainerCmd(containerId).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                throw new IllegalStateException("PostgreSQL container " + name + " exited with code "
                        + state.getExitCodeLong() + "; its log:\n" + logs());
            }
            try (var connection = DriverManager.getConnection(url(), credentials);
                    Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PostgreSQL container " + name, e);
            }
        }
        throw new IllegalStateException(
                "PostgreSQL container " + name + " answered no query within " + STARTUP_TIMEOUT + "; its log:\n"
                        + logs(),
                last);
    }

    private int mappedPort() {
        Ports.Binding[] bindings = docker.inspectContainerCmd(containerId)
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings()
                .get(EXPOSED);
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("PostgreSQL container " + name + " publishes no port for " + EXPOSED);
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    /** A run killed hard (or with no time for its shutdown hook) leaves its container behind. */
    private static void removeLeftover(DockerClient docker, String name) {
        String id;
        try {
            id = docker.inspectContainerCmd(name).exec().getId();
        } catch (NotFoundException none) {
            return;
        }
        log.warn(
                "Container {} is left over from a run that did not stop it (killed?): stopping and removing it."
                        + " Its data stays on the volume.",
                name);
        stopAndRemove(docker, id);
    }

    private static void stopAndRemove(DockerClient docker, String id) {
        try {
            docker.stopContainerCmd(id)
                    .withTimeout((int) STOP_GRACE.toSeconds())
                    .exec();
        } catch (NotModifiedException alreadyStopped) {
            // Nothing to shut down.
        } catch (NotFoundException gone) {
            return;
        }
        try {
            docker.removeContainerCmd(id).exec();
        } catch (NotFoundException gone) {
            // Removed meanwhile: what we wanted.
        }
    }
}
