package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that comes back on a new address is reached at once: in a JVM of its own (the policy
 * is fixed at the first lookup), with a hosts file standing in for DNS, a name is looked up, moved,
 * and looked up again 1.5 s later; a name not found, then added, at once ({@code DnsProbe.java}
 * in the test resources).
 */
class DnsCachingTest {

    static String run(String mode, Path hosts) throws IOException, InterruptedException, URISyntaxException {
        Files.writeString(hosts, "192.0.2.1 db.test\n");
        Process child = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Djdk.net.hosts.file=" + hosts,
                        "-cp",
                        System.getProperty("java.class.path"),
                        probe().toString(),
                        mode,
                        hosts.toString()))
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** {@code DnsProbe.java}, run as a source file. */
    static Path probe() throws URISyntaxException {
        return Path.of(DnsCachingTest.class.getResource("DnsProbe.java").toURI());
    }

    @Test
    void followsANameToItsNewAddressWithinSeconds(@TempDir Path dir) throws Exception {
        assertThat(run("shorten", dir.resolve("hosts")))
                .isEqualTo("db.test 192.0.2.1 -> 192.0.2.2; new.test unknown -> 192.0.2.3");
    }

    /** The service's main applies it before Spring starts: its log lines come first, the probe's last. */
    @Test
    void theServiceMainShortensItBeforeAnythingElse(@TempDir Path dir) throws Exception {
        assertThat(run("main", dir.resolve("hosts")))
                .endsWith("\ndb.test 192.0.2.1 -> 192.0.2.2; new.test unknown -> 192.0.2.3");
    }

    /** The control: what the JDK does by itself, and what the container did before. */
    @Test
    void theJdkAloneKeepsTheOldAnswers(@TempDir Path dir) throws Exception {
        assertThat(run("default", dir.resolve("hosts")))
                .isEqualTo("db.test 192.0.2.1 -> 192.0.2.1; new.test unknown -> unknown");
    }
}
