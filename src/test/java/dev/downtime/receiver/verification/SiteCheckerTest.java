package dev.downtime.receiver.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

    static VerificationProperties properties(
            Duration timeout, boolean followRedirects, boolean allowInternal, int... ports) {
        List<Integer> allowed = new ArrayList<>(List.of(80, 443));
        for (int port : ports) {
            allowed.add(port);
        }
        return new VerificationProperties(
                true,
                timeout,
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                8,
                followRedirects,
                3,
                allowed,
                List.of(),
                allowInternal,
                "ua");
    }

    static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n";

    /** DNS rebinding: the name answers the site's address to the guard, another to anyone asking again. */
    @Test
    void connectsToTheVettedAddressWhenASecondLookupWouldAnswerElsewhere() {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 204);
                LoopbackServer elsewhere =
                        new LoopbackServer(LoopbackServer.bind("127.0.0.3", site.port()), head -> NO_CONTENT)) {
            AtomicInteger lookups = new AtomicInteger();
            HostResolver rebinding =
                    host -> List.of(InetAddress.ofLiteral(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.3"));
            VerificationProperties properties = properties(Duration.ofSeconds(5), false, true, site.port());
            SiteChecker checker = new SiteChecker(new TargetGuard(properties, rebinding), properties);

            SiteChecker.Result result = checker.check("http://rebinding.test:" + site.port() + "/");

            assertThat(result.error()).isNull();
            assertThat(result.status()).isEqualTo(204);
            assertThat(site.requests).hasSize(1);
            assertThat(elsewhere.connections.get()).isZero();
        }
    }

    @Test
    void answersOnlyTheNameVettedForTheCurrentHop() throws Exception {
        VettedAddresses dns = new VettedAddresses();
        assertThatThrownBy(() -> dns.resolve("first.test")).isInstanceOf(UnknownHostException.class);

        dns.admit(new TargetGuard.Target("http", "first.test", InetAddress.ofLiteral("192.0.2.1"), 80));
        assertThat(dns.resolve("first.test")).containsExactly(InetAddress.ofLiteral("192.0.2.1"));
        assertThatThrownBy(() -> dns.resolve("other.test")).isInstanceOf(UnknownHostException.class);

        assertThat(dns.admit(
                        new TargetGuard.Target("https", "[2001:db8::1]", InetAddress.ofLiteral("2001:db8::1"), 443)))
                .isEqualTo("2001:db8::1");
        assertThat(dns.resolve("2001:db8::1")).containsExactly(InetAddress.ofLiteral("2001:db8::1"));
        assertThatThrownBy(() -> dns.resolve("first.test")).isInstanceOf(UnknownHostException.class);
    }

    /**
     * A name vetted again on the next hop, answering another address this time: the second hop goes
     * to the address vetted for it, on a connection of its own; so does the GET after a refused HEAD.
     */
    @Test
    void opensAConnectionPerRequestToTheAddressVettedForItsHop() {
        try (LoopbackServer first = new LoopbackServer(
                        "127.0.0.1",
                        head -> head.startsWith("HEAD")
                                ? "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"
                                : "HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n");
                LoopbackServer second =
                        new LoopbackServer(LoopbackServer.bind("127.0.0.3", first.port()), head -> NO_CONTENT)) {
            AtomicInteger lookups = new AtomicInteger();
            HostResolver moving =
                    host -> List.of(InetAddress.ofLiteral(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.3"));
            VerificationProperties properties = properties(Duration.ofSeconds(5), true, true, first.port());
            SiteChecker checker = new SiteChecker(new TargetGuard(properties, moving), properties);

            SiteChecker.Result result = checker.check("http://moving.test:" + first.port() + "/");

            assertThat(result.status()).isEqualTo(204);
            assertThat(lookups.get()).isEqualTo(2);
            assertThat(first.requests).hasSize(2);
            assertThat(first.connections.get()).isEqualTo(2);
            assertThat(first.requests).allSatisfy(head -> assertThat(head).contains("\r\nConnection: close\r\n"));
            assertThat(second.requests).singleElement().asString().startsWith("HEAD /next HTTP/1.1\r\n");
        }
    }

    @Test
    void refusesARedirectToABlockedAddress() throws Exception {
        try (ServerSocket canary = new ServerSocket(0, 50, InetAddress.ofLiteral("127.0.0.1"));
                LoopbackServer site = new LoopbackServer(
                        "127.0.0.2",
                        head -> "HTTP/1.1 301 Moved\r\nLocation: http://127.0.0.1:" + canary.getLocalPort()
                                + "/\r\n\r\n")) {
            AtomicInteger reached = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!canary.isClosed()) {
                    try {
                        canary.accept().close();
                        reached.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            VerificationProperties properties =
                    properties(Duration.ofSeconds(5), true, false, site.port(), canary.getLocalPort());
            InetAddress siteAddress = InetAddress.ofLiteral("127.0.0.2");
            SiteChecker checker =
                    new SiteChecker(new TargetGuard(properties, HostResolver.SYSTEM, siteAddress::equals), properties);

            SiteChecker.Result result = checker.check("http://127.0.0.2:" + site.port() + "/");

            assertThat(result.error()).isEqualTo("blocked");
            assertThat(result.detail()).isEqualTo("resolves to an internal address (127.0.0.0/8 Loopback)");
            assertThat(site.requests).hasSize(1);
            assertThat(reached.get()).isZero();
        }
    }

    /**
     * Each answer comes after 400 ms, well within a per-request timeout of 1 s: HEAD refused, GET
     * redirected to itself, again and again. The 1 s is for the whole check, hops and all.
     */
    @Test
    void boundsHeadGetAndRedirectHopsTogetherByTheTimeout() {
        try (LoopbackServer slow = new LoopbackServer("127.0.0.1", head -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return head.startsWith("HEAD")
                    ? "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"
                    : "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n";
        })) {
            VerificationProperties properties = properties(Duration.ofSeconds(1), true, true, slow.port());
            SiteChecker checker = new SiteChecker(new TargetGuard(properties, HostResolver.SYSTEM), properties);

            long start = System.nanoTime();
            SiteChecker.Result result = checker.check("http://127.0.0.1:" + slow.port() + "/");

            assertThat(result.error()).isEqualTo("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
            assertThat(slow.requests).hasSizeBetween(2, 3);
        }
    }

    /** HEAD refused, GET answered with an endless body: the check takes the status and hangs up. */
    @Test
    void readsOnlyTheHeadOfAnAnswerNotItsBody() throws Exception {
        AtomicLong sent = new AtomicLong();
        CountDownLatch hungUp = new CountDownLatch(1);
        try (ServerSocket site = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!site.isClosed()) {
                    try {
                        Socket socket = site.accept();
                        Thread.ofVirtual().start(() -> answerGetEndlessly(socket, sent, hungUp));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            VerificationProperties properties = properties(Duration.ofSeconds(10), false, true, site.getLocalPort());
            SiteChecker checker = new SiteChecker(new TargetGuard(properties, HostResolver.SYSTEM), properties);

            long start = System.nanoTime();
            SiteChecker.Result result = checker.check("http://127.0.0.1:" + site.getLocalPort() + "/");

            assertThat(result.error()).isNull();
            assertThat(result.method()).isEqualTo("GET");
            assertThat(result.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(hungUp.await(5, TimeUnit.SECONDS))
                    .as("the checker hung up")
                    .isTrue();
            assertThat(sent.get()).isLessThan(64L * 1024 * 1024);
        }
    }

    static void answerGetEndlessly(Socket socket, AtomicLong sent, CountDownLatch hungUp) {
        try (socket) {
            String head = LoopbackServer.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (head.startsWith("HEAD")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            while (true) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        } catch (IOException gone) {
            hungUp.countDown();
        }
    }

    @Test
    void callsAnAnswerWithEndlessHeadersAProtocolError() {
        try (LoopbackServer site = new LoopbackServer(
                "127.0.0.1", head -> "HTTP/1.1 200 OK\r\n" + "X-Filler: 0123456789\r\n".repeat(1000) + "\r\n")) {
            SiteChecker.Result result = checker(site.port()).check("http://127.0.0.1:" + site.port() + "/");

            assertThat(result.error()).isEqualTo("protocol");
            assertThat(result.detail()).isEqualTo("response headers too large");
        }
    }

    /**
     * Proxy settings are for the service's own outgoing calls, not for site checks: a check that
     * went through a proxy would not see the site from the host's network, and the proxy could
     * reach what the guard refuses.
     */
    @Test
    void ignoresTheDefaultProxySelector() throws Exception {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 204);
                LoopbackServer proxy = LoopbackServer.answering("127.0.0.1", 200)) {
            List<URI> asked = new CopyOnWriteArrayList<>();
            ProxySelector original = ProxySelector.getDefault();
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    if (uri.getPort() != site.port()) {
                        return List.of(Proxy.NO_PROXY); // anything else running in this JVM
                    }
                    asked.add(uri);
                    InetSocketAddress address = new InetSocketAddress("127.0.0.1", proxy.port());
                    return List.of(new Proxy(
                            uri.getScheme().startsWith("http") ? Proxy.Type.HTTP : Proxy.Type.SOCKS, address));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress address, IOException e) {}
            });
            try {
                SiteChecker.Result result = checker(site.port()).check("http://127.0.0.1:" + site.port() + "/");

                assertThat(result.status()).isEqualTo(204);
            } finally {
                ProxySelector.setDefault(original);
            }
            assertThat(asked).isEmpty();
            assertThat(proxy.connections.get()).isZero();
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
