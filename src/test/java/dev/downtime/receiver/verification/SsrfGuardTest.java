package dev.downtime.receiver.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile sites: every spelling of loopback and of internal addresses, names that resolve to them,
 * and redirects to them. Canary listeners on loopback count every connection that gets through:
 * there must be none.
 */
class SsrfGuardTest {

    ServerSocket canary;

    @Nullable
    ServerSocket canary6;

    final AtomicInteger reached = new AtomicInteger();
    LoopbackServer redirector;

    @BeforeEach
    void listen() throws IOException {
        canary = listen(InetAddress.getByName("127.0.0.1"));
        try {
            canary6 = listen(InetAddress.getByName("::1"));
        } catch (IOException noIpv6) {
            canary6 = null;
        }
        // The one server checks may reach (allowed below), answering every request with a redirect
        // to the hostile target named in its path.
        redirector = new LoopbackServer("127.0.0.2", head -> {
            String path = head.split(" ")[1];
            int to = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            return "HTTP/1.1 302 Found\r\nLocation: " + direct().get(to) + "\r\n\r\n";
        });
    }

    @AfterEach
    void close() throws IOException {
        canary.close();
        if (canary6 != null) {
            canary6.close();
        }
        redirector.close();
    }

    ServerSocket listen(InetAddress address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0));
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    socket.accept().close();
                    reached.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return socket;
    }

    int p() {
        return canary.getLocalPort();
    }

    int p6() {
        return canary6 != null ? canary6.getLocalPort() : canary.getLocalPort();
    }

    /** Names an attacker controls, resolving where they want. */
    static final Map<String, List<String>> HOSTILE_DNS = Map.ofEntries(
            Map.entry("loopback.test", List.of("127.0.0.1")),
            Map.entry("loopback6.test", List.of("::1")),
            Map.entry("mapped.test", List.of("::ffff:127.0.0.1")),
            Map.entry("mixed.test", List.of("93.184.216.34", "127.0.0.1")),
            Map.entry("compat.test", List.of("::127.0.0.1")),
            Map.entry("nat64.test", List.of("64:ff9b::7f00:1")),
            Map.entry("sixtofour.test", List.of("2002:7f00:1::1")),
            Map.entry("private.test", List.of("10.0.0.1")),
            Map.entry("cgnat.test", List.of("100.64.0.1")),
            Map.entry("metadata.test", List.of("169.254.169.254")),
            Map.entry("ula.test", List.of("fd00::1")),
            Map.entry("zero.test", List.of("0.0.0.0")),
            Map.entry("multicast.test", List.of("224.0.0.1")),
            Map.entry("private172.test", List.of("172.16.0.1")),
            Map.entry("private192.test", List.of("192.168.1.1")),
            Map.entry("linklocal6.test", List.of("fe80::1")),
            Map.entry("multicast6.test", List.of("ff02::1")),
            Map.entry("mapped-private.test", List.of("::ffff:10.0.0.1")),
            Map.entry("mapped-metadata.test", List.of("::ffff:169.254.169.254")),
            Map.entry("mapped-cgnat.test", List.of("::ffff:100.64.0.1")),
            Map.entry("benchmarking.test", List.of("198.18.0.1")),
            Map.entry("teredo.test", List.of("2001::1")));

    static List<InetAddress> resolve(String host) throws UnknownHostException {
        List<String> answers = HOSTILE_DNS.get(host);
        if (answers == null) {
            return HostResolver.SYSTEM.resolve(host);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String answer : answers) {
            addresses.add(InetAddress.ofLiteral(answer));
        }
        return addresses;
    }

    List<String> direct() {
        int p = p();
        int p6 = p6();
        return List.of(
                "http://127.0.0.1:" + p + "/",
                "http://localhost:" + p + "/",
                "http://LOCALHOST:" + p + "/",
                "http://localhost.:" + p + "/",
                "http://127.1:" + p + "/",
                "http://127.0.1:" + p + "/",
                "http://2130706433:" + p + "/",
                "http://0177.0.0.1:" + p + "/",
                "http://0177.0000.0000.0001:" + p + "/",
                "http://0x7f.0.0.1:" + p + "/",
                "http://0x7f000001:" + p + "/",
                "http://0x7F.0x00.0x00.0x01:" + p + "/",
                "http://017700000001:" + p + "/",
                "http://127.000.000.001:" + p + "/",
                "http://[::1]:" + p6 + "/",
                "http://[0:0:0:0:0:0:0:1]:" + p6 + "/",
                "http://[::ffff:127.0.0.1]:" + p + "/",
                "http://[::ffff:7f00:1]:" + p + "/",
                "http://[0:0:0:0:0:ffff:127.0.0.1]:" + p + "/",
                "http://[::127.0.0.1]:" + p + "/",
                "http://[64:ff9b::7f00:1]:" + p + "/",
                "http://[2002:7f00:1::]:" + p + "/",
                "http://0.0.0.0:" + p + "/",
                "http://0:" + p + "/",
                "http://[::]:" + p6 + "/",
                "http://loopback.test:" + p + "/",
                "http://loopback6.test:" + p6 + "/",
                "http://mapped.test:" + p + "/",
                "http://mixed.test:" + p + "/",
                "http://compat.test:" + p + "/",
                "http://nat64.test:" + p + "/",
                "http://sixtofour.test:" + p + "/",
                "https://127.0.0.1:" + p + "/",
                "https://localhost:" + p + "/",
                "http://user@127.0.0.1:" + p + "/",
                "http://169.254.169.254/latest/meta-data/",
                "http://metadata.test/latest/meta-data/",
                "http://10.0.0.1:" + p + "/",
                "http://private.test:" + p + "/",
                "http://cgnat.test:" + p + "/",
                "http://ula.test:" + p6 + "/",
                "http://zero.test:" + p + "/",
                "http://multicast.test:" + p + "/",
                "http://172.16.0.1:" + p + "/",
                "http://172.31.255.255:" + p + "/",
                "http://192.168.0.1:" + p + "/",
                "http://private172.test:" + p + "/",
                "http://private192.test:" + p + "/",
                "http://[fe80::1]:" + p6 + "/",
                "http://[ff02::1]:" + p6 + "/",
                "http://linklocal6.test:" + p6 + "/",
                "http://multicast6.test:" + p6 + "/",
                "http://[::ffff:10.0.0.1]:" + p + "/",
                "http://[::ffff:169.254.169.254]/latest/meta-data/",
                "http://[::ffff:100.64.0.1]:" + p + "/",
                "http://mapped-private.test:" + p + "/",
                "http://mapped-metadata.test/latest/meta-data/",
                "http://mapped-cgnat.test:" + p + "/",
                "ftp://127.0.0.1:" + p + "/",
                "gopher://127.0.0.1:" + p + "/",
                "http://\uff11\uff12\uff17.0.0.1:" + p + "/");
    }

    @Test
    void reachesNoInternalAddressHoweverItIsSpelledResolvedOrRedirectedTo() {
        List<String> targets = new ArrayList<>(direct());
        for (int i = 0; i < direct().size(); i++) {
            targets.add("http://127.0.0.2:" + redirector.port() + "/to/" + i);
        }
        assertThat(targets).hasSizeGreaterThanOrEqualTo(40);
        VerificationProperties properties = new VerificationProperties(
                true,
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                8,
                true,
                3,
                List.of(80, 443, p(), p6(), redirector.port()),
                List.of(),
                false,
                "ua");
        InetAddress redirectorAddress = InetAddress.ofLiteral("127.0.0.2");
        SiteChecker checker = new SiteChecker(
                new TargetGuard(properties, SsrfGuardTest::resolve, redirectorAddress::equals), properties);

        for (String target : targets) {
            SiteChecker.Result result = checker.check(target);
            assertThat(result.status()).as(target).isNull();
            assertThat(result.error()).as(target).isIn("blocked", "dns");
        }

        assertThat(redirector.connections.get()).as("the redirector was asked").isEqualTo(direct().size());
        assertThat(reached.get()).as("connections reaching the canaries").isZero();
    }

    /** The edges of the ranges: just inside is internal, just outside is public. */
    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, false",
        "10.255.255.255, false",
        "11.0.0.1, true",
        "172.15.255.255, true",
        "172.16.0.0, false",
        "172.16.0.1, false",
        "172.31.255.255, false",
        "172.32.0.1, true",
        "192.167.255.255, true",
        "192.168.0.0, false",
        "192.168.255.255, false",
        "192.169.0.1, true",
        "100.63.255.255, true",
        "100.64.0.1, false",
        "100.127.255.255, false",
        "100.128.0.1, true",
        "169.254.169.254, false",
        "127.0.0.1, false",
        "0.0.0.0, false",
        "224.0.0.1, false",
        "255.255.255.255, false",
        "93.184.216.34, true",
        "::1, false",
        "::, false",
        "fe80::1, false",
        "febf:ffff::1, false",
        "fec0::1, false",
        "fc00::1, false",
        "fd00::1, false",
        "ff02::1, false",
        "ff0e::1, false",
        "::ffff:10.0.0.1, false",
        "::ffff:172.16.0.1, false",
        "::ffff:192.168.1.1, false",
        "::ffff:169.254.169.254, false",
        "::ffff:100.64.0.1, false",
        "::ffff:127.0.0.1, false",
        "::ffff:93.184.216.34, true",
        "2606:2800:220:1:248:1893:25c8:1946, true"
    })
    void tellsPublicAddressesFromInternalOnes(String address, boolean isPublic) {
        assertThat(TargetGuard.isPublic(InetAddress.ofLiteral(address)))
                .as(address)
                .isEqualTo(isPublic);
    }

    /** Vetted without connecting: none of these may be tried, and only loopback may be reached in tests. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            198.18.0.1               | 198.18.0.0/15 Benchmarking
            198.19.255.255           | 198.18.0.0/15 Benchmarking
            192.0.2.1                | 192.0.2.0/24 Documentation (TEST-NET-1)
            198.51.100.1             | 198.51.100.0/24 Documentation (TEST-NET-2)
            203.0.113.1              | 203.0.113.0/24 Documentation (TEST-NET-3)
            192.88.99.1              | 192.88.99.0/24 Deprecated (6to4 Relay Anycast)
            [64:ff9b:1::1]           | 64:ff9b:1::/48 IPv4-IPv6 Translat. (local use)
            [2001::1]                | 2001::/32 TEREDO
            [2001:db8::1]            | 2001:db8::/32 Documentation
            [100::1]                 | 100::/64 Discard-Only Address Block
            [::ffff:93.184.216.34]   | ::ffff:0:0/96 IPv4-mapped Address
            [3fff::1]                | 3fff::/20 Documentation
            benchmarking.test        | 198.18.0.0/15 Benchmarking
            teredo.test              | 2001::/32 TEREDO
            """)
    void refusesEverySpecialPurposeRangeThatIsNotGloballyReachable(String host, String range) throws Exception {
        TargetGuard guard = new TargetGuard(
                new VerificationProperties(
                        true,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(5),
                        Duration.ofHours(24),
                        8,
                        false,
                        3,
                        List.of(80),
                        List.of(),
                        false,
                        "ua"),
                SsrfGuardTest::resolve);

        assertThat(blocked(guard, "http", host, 80)).isEqualTo("resolves to an internal address (" + range + ")");
    }

    @Test
    void checksOnlyAllowedPortsAndDomains() throws Exception {
        VerificationProperties properties = new VerificationProperties(
                true,
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                8,
                false,
                3,
                List.of(80, 443),
                List.of("sites.example"),
                false,
                "ua");
        TargetGuard guard = new TargetGuard(properties, SsrfGuardTest::resolve);

        assertThat(blocked(guard, "http", "shop.sites.example", 8080)).contains("port");
        assertThat(blocked(guard, "http", "other.example", 80)).contains("allowed-domains");
        assertThat(blocked(guard, "http", "sites.example.evil.test", 80)).contains("allowed-domains");
        assertThat(blocked(guard, "http", "93.184.216.34", 80)).contains("allowed domains");
    }

    @Test
    void checksInternalSitesOnlyWhenSwitchedOn() throws Exception {
        VerificationProperties internal = new VerificationProperties(
                true,
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                8,
                false,
                3,
                List.of(80),
                List.of(),
                true,
                "ua");

        TargetGuard.Target target = new TargetGuard(internal, SsrfGuardTest::resolve).vet("http", "private.test", 80);

        assertThat(target.address()).isEqualTo(InetAddress.ofLiteral("10.0.0.1"));
        assertThat(target.host()).isEqualTo("private.test");
    }

    static String blocked(TargetGuard guard, String scheme, String host, int port) throws Exception {
        try {
            guard.vet(scheme, host, port);
            return "allowed";
        } catch (BlockedTargetException e) {
            return e.getMessage();
        }
    }
}
