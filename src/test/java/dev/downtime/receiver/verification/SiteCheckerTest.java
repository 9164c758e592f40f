package dev.downtime.receiver.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiteCheckerTest {

    static VerificationProperties properties(int port, boolean followRedirects, Duration timeout) {
        return new VerificationProperties(
                true,
                timeout,
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                8,
                followRedirects,
                3,
                List.of(80, 443, port),
                List.of(),
                true,
                "downtime-receiver/0.1 (site verification)");
    }

    static SiteChecker checker(int port) {
        VerificationProperties properties = properties(port, false, Duration.ofSeconds(5));
        return new SiteChecker(new TargetGuard(properties, HostResolver.SYSTEM), properties);
    }

    @Test
    void sendsHeadNamingTheServiceAndRecordsStatusAndLatency() {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 503)) {
            SiteChecker.Result result = checker(site.port()).check("http://127.0.0.1:" + site.port() + "/shop?x=1");

            assertThat(result.status()).isEqualTo(503);
            assertThat(result.method()).isEqualTo("HEAD");
            assertThat(result.error()).isNull();
            assertThat(result.latencyMillis()).isBetween(0L, 5000L);
            assertThat(site.requests.getFirst())
                    .startsWith("HEAD /shop?x=1 HTTP/1.1\r\n")
                    .contains("Host: 127.0.0.1:" + site.port())
                    .contains("User-Agent: downtime-receiver/0.1 (site verification)");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {405, 501})
    void fallsBackToGetWhenHeadIsRefused(int refusal) {
        try (LoopbackServer site = new LoopbackServer(
                "127.0.0.1",
                head -> head.startsWith("HEAD")
                        ? "HTTP/1.1 " + refusal + " Refused\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")) {
            SiteChecker.Result result = checker(site.port()).check("http://127.0.0.1:" + site.port() + "/");

            assertThat(result.method()).isEqualTo("GET");
            assertThat(result.status()).isEqualTo(200);
            assertThat(site.requests).hasSize(2);
            assertThat(site.requests.get(1)).startsWith("GET / HTTP/1.1\r\n");
        }
    }

    @Test
    void keepsHeadWhenItGetsAnyOtherError() {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 500)) {
            SiteChecker.Result result = checker(site.port()).check("http://127.0.0.1:" + site.port() + "/");

            assertThat(result.method()).isEqualTo("HEAD");
            assertThat(site.requests).hasSize(1);
        }
    }

    @Test
    void connectsToTheAddressItVettedAndNamesTheSiteInTheHostHeader() {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 204)) {
            VerificationProperties properties = properties(site.port(), false, Duration.ofSeconds(5));
            AtomicInteger lookups = new AtomicInteger();
            // A name no DNS knows: resolving it a second time, by name, would fail.
            HostResolver resolver = host -> {
                lookups.incrementAndGet();
                if (!host.equals("vetted.test")) {
                    throw new UnknownHostException(host);
                }
                return List.of(InetAddress.ofLiteral("127.0.0.1"));
            };
            SiteChecker checker = new SiteChecker(new TargetGuard(properties, resolver), properties);

            SiteChecker.Result result = checker.check("http://vetted.test:" + site.port() + "/page");

            assertThat(result.error()).isNull();
            assertThat(result.status()).isEqualTo(204);
            assertThat(lookups.get()).isEqualTo(1);
            assertThat(site.requests.getFirst())
                    .startsWith("HEAD /page HTTP/1.1\r\n")
                    .contains("\r\nHost: vetted.test:" + site.port() + "\r\n");
        }
    }

    /** A server dripping one byte of an endless header every 200 ms: each read gets something. */
    @Test
    void givesUpOnAServerDrippingBytesWhenTheWholeTimeoutHasPassed() throws Exception {
        try (ServerSocket dripping = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!dripping.isClosed()) {
                    try {
                        Socket socket = dripping.accept();
                        Thread.ofVirtual().start(() -> drip(socket));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            VerificationProperties properties = properties(dripping.getLocalPort(), false, Duration.ofSeconds(1));
            SiteChecker checker = new SiteChecker(new TargetGuard(properties, HostResolver.SYSTEM), properties);

            long start = System.nanoTime();
            SiteChecker.Result result = assertTimeoutPreemptively(
                    Duration.ofSeconds(20), () -> checker.check("http://127.0.0.1:" + dripping.getLocalPort() + "/"));

            assertThat(result.error()).isEqualTo("timeout");
            assertThat(result.status()).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    static void drip(Socket socket) {
        try (socket) {
            byte[] head = "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; ; i++) {
                socket.getOutputStream().write(i < head.length ? head[i] : 'a');
                socket.getOutputStream().flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException gone) {
            // the checker hung up
        }
    }

    @Test
    void givesUpOnANameLookupThatDoesNotAnswerWithinTheTimeout() {
        VerificationProperties properties = properties(80, false, Duration.ofSeconds(1));
        HostResolver hanging = host -> {
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        };
        SiteChecker checker = new SiteChecker(new TargetGuard(properties, hanging), properties);

        long start = System.nanoTime();
        SiteChecker.Result result =
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> checker.check("http://slow-dns.test/"));

        assertThat(result.error()).isEqualTo("dns");
        assertThat(result.detail()).contains("took longer than");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void doesNotFollowRedirectsUnlessAskedTo() throws Exception {
        try (LoopbackServer target = LoopbackServer.answering("127.0.0.1", 200);
                LoopbackServer site = new LoopbackServer(
                        "127.0.0.1",
                        head -> "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + target.port() + "/new\r\n\r\n")) {
            String url = "http://127.0.0.1:" + site.port() + "/";

            SiteChecker.Result notFollowed = checker(site.port()).check(url);
            assertThat(notFollowed.status()).isEqualTo(302);
            assertThat(notFollowed.detail()).contains("redirects to");
            assertThat(target.connections.get()).isZero();

            VerificationProperties following = new VerificationProperties(
                    true,
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(5),
                    Duration.ofHours(24),
                    8,
                    true,
                    3,
                    List.of(site.port(), target.port()),
                    List.of(),
                    true,
                    "ua");
            SiteChecker.Result followed =
                    new SiteChecker(new TargetGuard(following, HostResolver.SYSTEM), following).check(url);
            assertThat(followed.status()).isEqualTo(200);
            assertThat(target.requests.getFirst()).startsWith("HEAD /new ");
        }
    }

    @Test
    void classifiesWhatWentWrong() throws Exception {
        try (LoopbackServer hanging = new LoopbackServer("127.0.0.1", head -> null);
                LoopbackServer garbage = new LoopbackServer("127.0.0.1", head -> "SSH-2.0-OpenSSH\r\n\r\n");
                ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Plain HTTP at once, to a client expecting a TLS handshake.
            Thread.ofVirtual().start(() -> {
                while (!plain.isClosed()) {
                    try (Socket socket = plain.accept()) {
                        socket.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            // The deadline covers the whole check, TLS set-up included, whose first run in a JVM
            // can be slow on a busy machine: short enough for the hanging server, not shorter.
            VerificationProperties quick = new VerificationProperties(
                    true,
                    Duration.ofSeconds(3),
                    Duration.ofMinutes(5),
                    Duration.ofHours(24),
                    8,
                    false,
                    3,
                    List.of(hanging.port(), garbage.port(), plain.getLocalPort(), 1),
                    List.of(),
                    true,
                    "ua");
            SiteChecker checker = new SiteChecker(new TargetGuard(quick, HostResolver.SYSTEM), quick);

            assertThat(checker.check("http://127.0.0.1:" + hanging.port() + "/").error())
                    .isEqualTo("timeout");
            assertThat(checker.check("http://127.0.0.1:" + garbage.port() + "/").error())
                    .isEqualTo("protocol");
            assertThat(checker.check("https://localhost:" + plain.getLocalPort() + "/")
                            .error())
                    .isEqualTo("tls");
            assertThat(checker.check("http://127.0.0.1:1/").error()).isEqualTo("refused");
            assertThat(checker.check("http://no-such-host.invalid:1/").error()).isEqualTo("dns");
        }
    }

    @Test
    void givesAVerdictLikeMonitorsOne() {
        assertThat(VerificationScheduler.verdict(result(503, null), 503).wireName())
                .isEqualTo("confirmed");
        assertThat(VerificationScheduler.verdict(result(500, null), 403).wireName())
                .isEqualTo("confirmed");
        assertThat(VerificationScheduler.verdict(result(403, null), 403).wireName())
                .isEqualTo("confirmed");
        assertThat(VerificationScheduler.verdict(result(null, "timeout"), 0).wireName())
                .isEqualTo("confirmed");
        assertThat(VerificationScheduler.verdict(result(null, "refused"), 503).wireName())
                .isEqualTo("confirmed");
        assertThat(VerificationScheduler.verdict(result(200, null), 503).wireName())
                .isEqualTo("not-reproduced");
        assertThat(VerificationScheduler.verdict(result(301, null), 503).wireName())
                .isEqualTo("not-reproduced");
        assertThat(VerificationScheduler.verdict(result(404, null), 503).wireName())
                .isEqualTo("inconclusive");
        assertThat(VerificationScheduler.verdict(result(null, "blocked"), 503).wireName())
                .isEqualTo("inconclusive");
    }

    static SiteChecker.Result result(Integer status, String error) {
        return new SiteChecker.Result("http://x.test", "HEAD", status, 10, error, null);
    }
}
