package dev.downtime.receiver.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.resilience.Burst.Sent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownTest {

    @Test
    void finishesInFlightRequestsAndCommitsEverythingAcknowledgedOnSigterm(@TempDir Path data)
            throws InterruptedException, IOException {
        try (ControlledPostgres postgres = ControlledPostgres.start();
                ReceiverProcess receiver = ReceiverProcess.start(postgres.jdbcUrl(), data)) {
            String until = Receivers.createWindow(receiver.base(), "*.covered.test");

            List<Sent> sent = Burst.post(
                    receiver.webhook(),
                    3000,
                    32,
                    Duration.ZERO,
                    i -> OutageTest.notification("term", i),
                    500,
                    () -> assertThat(receiver.terminate())
                            .as("exit code after SIGTERM")
                            .isIn(0, 143));

            List<Sent> acknowledged = sent.stream().filter(Sent::acknowledged).toList();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(500);
            // Refused once shutdown began (no connection, or Tomcat's 400 for a request cut off by
            // the closing connector), but never a server error, and never a 200 without its row.
            assertThat(sent)
                    .allSatisfy(s -> assertThat(s.status())
                            .satisfiesAnyOf(
                                    status -> assertThat(status).isIn(200, -1),
                                    status -> assertThat(status).isBetween(400, 499)));
            assertThat(acknowledged)
                    .allSatisfy(s -> assertThat(s.body()).isEqualTo(OutageTest.expectedReply(s.index(), until)));
            // Committed before the process ended, with nothing left to replay.
            String urls = acknowledged.stream()
                    .map(s ->
                            "'http://n" + s.index() + ".term." + (s.index() % 2 == 0 ? "covered" : "plain") + ".test/'")
                    .collect(Collectors.joining(","));
            assertThat(postgres.count("SELECT count(*) FROM notification WHERE raw_url IN (" + urls + ")"))
                    .isEqualTo(acknowledged.size());
            assertThat(spooledLines(data.resolve("spool"))).isZero();
        }
    }

    private static long spooledLines(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool)) {
            long lines = 0;
            for (Path file : files.toList()) {
                lines += Files.readAllLines(file).size();
            }
            return lines;
        }
    }
}
