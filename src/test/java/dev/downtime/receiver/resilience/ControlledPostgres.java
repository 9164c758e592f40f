package dev.downtime.receiver.resilience;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.util.FileSystemUtils;

/**
 * An embedded PostgreSQL that a test owns and may stop, start again on the same port and data,
 * or freeze (SIGSTOP on every one of its processes) and thaw. Never the machine's shared server.
 */
final class ControlledPostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private @Nullable EmbeddedPostgres postgres;

    private ControlledPostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    static ControlledPostgres start() {
        try {
            ControlledPostgres controlled =
                    new ControlledPostgres(Files.createTempDirectory("controlled-postgres"), freePort());
            controlled.startAgain();
            return controlled;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    long count(String sql) {
        try (Connection connection = connect();
                var statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql) {
        try (Connection connection = connect();
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void startAgain() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fast shutdown: open connections are cut, as when the server goes down. */
    void stop() {
        try {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every PostgreSQL process: connections stay open and hang, as with a hung server. */
    void freeze() {
        signal("STOP");
    }

    void thaw() {
        signal("CONT");
    }

    @Override
    public void close() {
        thaw();
        stop();
        FileSystemUtils.deleteRecursively(dataDirectory.toFile());
    }

    private void signal(String signal) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes().forEach(pid -> command.add(Long.toString(pid)));
        if (command.size() == 2) {
            return;
        }
        try {
            new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The postmaster, from its pid file, and all its descendants. */
    private List<Long> processes() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return List.of();
        }
        try {
            long postmaster =
                    Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            List<Long> pids = new ArrayList<>();
            ProcessHandle.of(postmaster).ifPresent(handle -> {
                pids.add(handle.pid());
                try (Stream<ProcessHandle> children = handle.descendants()) {
                    children.forEach(child -> pids.add(child.pid()));
                }
            });
            return pids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
