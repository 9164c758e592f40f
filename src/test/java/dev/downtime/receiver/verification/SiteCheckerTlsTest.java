package dev.downtime.receiver.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS checks against a loopback server holding a self-signed certificate for {@code site.test}
 * (made with the JDK's keytool), which the checker is told to trust: so that a refusal can only be
 * about the name. Every name here resolves to the server's address.
 */
class SiteCheckerTlsTest {

    static final char[] PASSWORD = "changeit".toCharArray();

    /** site.test's key and certificate. */
    static KeyStore keys;

    /** The host names clients sent the server (SNI), in order. */
    final List<String> serverNames = new CopyOnWriteArrayList<>();

    LoopbackServer site;

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("site.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "site",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=site.test",
                        "-ext",
                        "SAN=dns:site.test",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
    }

    @BeforeEach
    void serve() throws Exception {
        site = new LoopbackServer(httpsServer(), head -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    }

    @AfterEach
    void stop() {
        site.close();
    }

    /** Serves site.test's certificate whatever name is asked for, and notes the name. */
    ServerSocket httpsServer() throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.ofLiteral("127.0.0.1"));
        SSLParameters parameters = server.getSSLParameters();
        parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
                serverNames.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        }));
        server.setSSLParameters(parameters);
        return server;
    }

    /** Trusts site.test's certificate, and nothing else. */
    static SSLContext trustingTheSite() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("site", keys.getCertificate("site"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    static VerificationProperties properties(int port, Duration timeout) {
        return SiteCheckerTest.properties(timeout, false, true, port);
    }

    /** Every .test name is the loopback server; anything else is unknown. */
    static HostResolver loopback() {
        return host -> {
            if (!host.endsWith(".test")) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.ofLiteral("127.0.0.1"));
        };
    }

    SiteChecker checker(Duration timeout) throws Exception {
        VerificationProperties properties = properties(site.port(), timeout);
        return new SiteChecker(new TargetGuard(properties, loopback()), properties, trustingTheSite());
    }

    @Test
    void sendsTheSiteNameAndAcceptsItsCertificateWhileConnectingToTheVettedAddress() throws Exception {
        SiteChecker.Result result = checker(Duration.ofSeconds(5)).check("https://site.test:" + site.port() + "/page");

        assertThat(result.error()).as(result.detail()).isNull();
        assertThat(result.status()).isEqualTo(200);
        assertThat(serverNames).containsExactly("site.test");
        assertThat(site.requests)
                .singleElement()
                .asString()
                .startsWith("HEAD /page HTTP/1.1\r\n")
                .contains("\r\nHost: site.test:" + site.port() + "\r\n");
    }

    @Test
    void refusesACertificateIssuedForAnotherName() throws Exception {
        SiteChecker.Result result = checker(Duration.ofSeconds(5)).check("https://other.test:" + site.port() + "/");

        assertThat(result.error()).isEqualTo("tls");
        assertThat(result.detail()).contains("other.test");
        assertThat(result.status()).isNull();
        assertThat(serverNames).containsExactly("other.test");
        assertThat(site.requests).isEmpty();
    }

    @Test
    void refusesACertificateThatDoesNotNameTheAddressOfAnAddressUrl() throws Exception {
        SiteChecker.Result result = checker(Duration.ofSeconds(5)).check("https://127.0.0.1:" + site.port() + "/");

        assertThat(result.error()).isEqualTo("tls");
        assertThat(serverNames).isEmpty(); // no SNI for an address
        assertThat(site.requests).isEmpty();
    }

    /** The control: what the trust store above changes. */
    @Test
    void trustsOnlyTheJdksAuthoritiesByDefault() {
        VerificationProperties properties = properties(site.port(), Duration.ofSeconds(5));
        SiteChecker checker = new SiteChecker(new TargetGuard(properties, loopback()), properties);

        SiteChecker.Result result = checker.check("https://site.test:" + site.port() + "/");

        assertThat(result.error()).isEqualTo("tls");
        assertThat(site.requests).isEmpty();
    }

    /**
     * A server starting its handshake with a record that announces 16 KiB, then sending it a byte
     * every 200 ms: each read gets something, only the deadline ends it.
     */
    @Test
    void givesUpOnAHandshakeDrippedAByteAtATime() throws Exception {
        try (ServerSocket dripping = new ServerSocket(0, 50, InetAddress.ofLiteral("127.0.0.1"))) {
            Thread.ofVirtual().start(() -> {
                while (!dripping.isClosed()) {
                    try {
                        Socket socket = dripping.accept();
                        Thread.ofVirtual().start(() -> dripHandshake(socket));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            VerificationProperties properties = properties(dripping.getLocalPort(), Duration.ofSeconds(1));
            SiteChecker checker =
                    new SiteChecker(new TargetGuard(properties, loopback()), properties, trustingTheSite());

            long start = System.nanoTime();
            SiteChecker.Result result = assertTimeoutPreemptively(
                    Duration.ofSeconds(20), () -> checker.check("https://site.test:" + dripping.getLocalPort() + "/"));

            assertThat(result.error()).isEqualTo("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    static void dripHandshake(Socket socket) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}); // handshake record, TLS 1.2, 16384 bytes
            out.flush();
            while (true) {
                Thread.sleep(200);
                out.write(0x02);
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the checker hung up
        }
    }
}
