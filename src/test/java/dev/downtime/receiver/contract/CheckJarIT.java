package dev.downtime.receiver.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.contract.FakeEndpoint.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar downtime-receiver.jar check <endpoint-url>}, literally: the packaged jar (its
 * launcher passes the arguments on, as the Docker image's entry point does), with no database.
 */
class CheckJarIT {

    record Exit(int status, String output) {}

    static Exit javaJar(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("receiver.jar", "target/downtime-receiver.jar"));
        assertThat(jar).as("the packaged jar (mvn verify builds it first)").exists();
        Path log = Files.createTempFile("check-jar-", ".log");
        List<String> command = new java.util.ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(exited)
                .as("the check exited by itself; it wrote:%n%s", output)
                .isTrue();
        return new Exit(process.exitValue(), output);
    }

    @Test
    void checksAnEndpointFromThePackagedJar() throws Exception {
        try (var ok = FakeEndpoint.answering(Answer.of(200, "ok"));
                var wrong = FakeEndpoint.answering(Answer.of(200, "2020-01-01T00:00:00Z"))) {
            Exit passed = javaJar("check", ok.url("/webhooks/monitor").toString());
            Exit failed = javaJar(
                    "check", "--timeout", "2s", wrong.url("/webhooks/monitor").toString());

            assertThat(passed.status()).as(passed.output()).isZero();
            assertThat(passed.output()).contains("PASS: all 6 answers follow the contract.");
            assertThat(failed.status()).as(failed.output()).isEqualTo(1);
            assertThat(failed.output()).contains("time 2020-01-01T00:00:00Z is not in the future");
        }
    }

    @Test
    void explainsItselfFromThePackagedJar() throws Exception {
        Exit help = javaJar("check", "--help");

        assertThat(help.status()).isZero();
        assertThat(help.output()).startsWith("Usage: java -jar downtime-receiver.jar check");
    }
}
