package dev.downtime.receiver.resilience;

import dev.downtime.receiver.DowntimeReceiverApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A receiver in a JVM of its own, so that a test can kill it hard (SIGKILL). */
final class ReceiverProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ReceiverProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ReceiverProcess start(String jdbcUrl, Path data, String... extra) {
        int port = ControlledPostgres.freePort();
        try {
            Files.createDirectories(data);
            Path log = Files.createTempFile(data, "receiver-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    DowntimeReceiverApplication.class.getName()));
            command.addAll(Receivers.arguments(jdbcUrl, data, port, extra));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ReceiverProcess receiver = new ReceiverProcess(process, port, log);
            receiver.awaitReady(Duration.ofSeconds(60));
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the process wrote to standard output and error. */
    Path log() {
        return log;
    }

    URI base() {
        return URI.create("http://localhost:" + port);
    }

    URI webhook() {
        return base().resolve("/webhooks/monitor");
    }

    /** SIGKILL: no shutdown hook, no draining, nothing flushed that was not already on disk. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as an orchestrator stops a container; returns the exit code. */
    int terminate() {
        process.destroy();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("receiver exited at start-up:\n" + Files.readString(log));
            }
            try {
                if (Receivers.get(base().resolve("/actuator/health/readiness")).statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYetListening) {
                // keep waiting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        kill();
        throw new IllegalStateException("receiver not ready in " + timeout + ":\n" + Files.readString(log));
    }
}
