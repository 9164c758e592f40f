package dev.downtime.receiver.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.DowntimeReceiverApplication;
import dev.downtime.receiver.contract.FakeEndpoint.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code check} as the service's main class runs it, in a JVM of its own whose configured
 * PostgreSQL is unreachable: the check runs, exits with its status, and starts no Spring context
 * (which would start a web server, wait on the database, and never exit).
 */
class CheckCommandProcessTest {

    record Exit(int status, String output, Duration took) {}

    static Exit runMain(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                DowntimeReceiverApplication.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("check-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Nothing listens on port 1: a service that needed its database would fail or wait here.
        builder.environment().put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
        builder.environment().put("SPRING_FLYWAY_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
        long start = System.nanoTime();
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(exited)
                .as("the check exited by itself; it wrote:%n%s", output)
                .isTrue();
        return new Exit(process.exitValue(), output, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void runsWithoutSpringOrADatabaseAndExitsZeroWhenEveryAnswerFollowsTheContract() throws Exception {
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "ok"))) {
            Exit exit = runMain("check", endpoint.url("/webhooks/monitor").toString());

            assertThat(exit.status()).as(exit.output()).isZero();
            assertThat(exit.output())
                    .startsWith("Contract check of http://127.0.0.1:")
                    .contains("PASS: all 6 answers follow the contract.")
                    // No banner, no log line: nothing of Spring, Tomcat, Hikari or Flyway ran.
                    .doesNotContain("Spring", "Tomcat", "Hikari", "Flyway", "INFO", "WARN");
            assertThat(endpoint.requests).hasSize(6);
            // A JVM start and six local requests; a Spring context alone takes longer than this.
            assertThat(exit.took()).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void exitsOneWhenAnAnswerBreaksTheContract() throws Exception {
        try (var endpoint = FakeEndpoint.answering(Answer.of(200, "OK\n"))) {
            Exit exit =
                    runMain("check", "--json", endpoint.url("/webhooks/monitor").toString());

            assertThat(exit.status()).as(exit.output()).isEqualTo(1);
            assertThat(exit.output()).startsWith("{").contains("\"passed\" : false");
        }
    }
}
