package dev.downtime.receiver.verification;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Checks a site the way Monitor does: a HEAD request, then a GET when HEAD is refused (405 or
 * 501), reading only the status line and headers. Apache HttpClient makes the requests; the only
 * name its DNS knows is the hop's, answered with the address the guard vetted ({@link
 * VettedAddresses}), so nothing resolves the name a second time, while TLS still sends the name
 * (SNI) and verifies the certificate against it. One deadline bounds the whole check.
 *
 * <p>Connections are never reused: each check has its own client and connection manager, closed
 * when it ends, and each request its own connection ({@code Connection: close}), so a request can
 * only ever go to the address vetted for its own hop. A check makes a few requests at most, and the
 * handshake each costs is what the check measures anyway.
 */
final class SiteChecker {

    /**
     * What one check saw.
     *
     * @param status the HTTP status, when one came back
     * @param error what went wrong otherwise: timeout, dns, refused, tls, blocked, protocol, other
     */
    record Result(
            String url,
            @Nullable String method,
            @Nullable Integer status,
            long latencyMillis,
            @Nullable String error,
            @Nullable String detail) {}

    /** The status line and each header line at most 8 KiB, at most 100 headers: 800 KiB of head. */
    private static final ManagedHttpClientConnectionFactory CONNECTIONS = ManagedHttpClientConnectionFactory.builder()
            .http1Config(Http1Config.custom()
                    .setMaxLineLength(8 * 1024)
                    .setMaxHeaderCount(100)
                    .build())
            .build();

    private final TargetGuard guard;
    private final Duration timeout;
    private final boolean followRedirects;
    private final int maxRedirects;
    private final String userAgent;
    private final Lookup<TlsSocketStrategy> tls;

    SiteChecker(TargetGuard guard, VerificationProperties properties) {
        this(guard, properties, defaultSslContext());
    }

    /** @param sslContext the certificate authorities to trust: the JDK's, or a test's own */
    SiteChecker(TargetGuard guard, VerificationProperties properties, SSLContext sslContext) {
        this.guard = guard;
        this.timeout = properties.timeout();
        this.followRedirects = properties.followRedirects();
        this.maxRedirects = properties.maxRedirects();
        this.userAgent = properties.userAgent();
        this.tls = RegistryBuilder.<TlsSocketStrategy>create()
                .register(
                        "https",
                        ClientTlsStrategyBuilder.create()
                                .setSslContext(sslContext)
                                // The JDK's endpoint identification and HttpClient's verifier both.
                                .setHostVerificationPolicy(HostnameVerificationPolicy.BOTH)
                                .setHostnameVerifier(new DefaultHostnameVerifier())
                                .buildClassic())
                .build();
    }

    private static SSLContext defaultSslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    Result check(String url) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String method = null;
        URI current;
        try {
            current = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Result(url, null, null, 0, "protocol", "not a URL");
        }
        VettedAddresses dns = new VettedAddresses();
        BasicHttpClientConnectionManager connections = connections(dns);
        CloseableHttpClient client = client(connections);
        try (Watchdog watchdog = new Watchdog(deadline)) {
            for (int hop = 0; ; hop++) {
                TargetGuard.Target target = guard.vet(scheme(current), host(current), port(current), deadline);
                HttpHost host = new HttpHost(target.scheme(), dns.admit(target), target.port());
                method = "HEAD";
                Response response = request(client, connections, watchdog, host, target, method, current);
                if (response.status() == 405 || response.status() == 501) {
                    method = "GET";
                    response = request(client, connections, watchdog, host, target, method, current);
                }
                boolean redirect = response.status() >= 300 && response.status() < 400 && response.location() != null;
                if (followRedirects && redirect && hop < maxRedirects) {
                    // Not followed by the client: the next hop goes through the guard first.
                    current = current.resolve(response.location());
                    continue;
                }
                return new Result(
                        url,
                        method,
                        response.status(),
                        millisSince(start),
                        null,
                        redirect ? "redirects to " + truncate(response.location()) : null);
            }
        } catch (BlockedTargetException e) {
            return new Result(url, method, null, millisSince(start), "blocked", e.getMessage());
        } catch (TargetGuard.LookupTimedOut e) {
            return new Result(url, method, null, millisSince(start), "dns", "name lookup took longer than " + timeout);
        } catch (UnknownHostException e) {
            return new Result(url, method, null, millisSince(start), "dns", "name does not resolve");
        } catch (InterruptedIOException e) {
            // Read and connect timeouts, and requests the deadline cancelled.
            return new Result(url, method, null, millisSince(start), "timeout", "no answer within " + timeout);
        } catch (ConnectException | NoRouteToHostException e) {
            return new Result(url, method, null, millisSince(start), "refused", truncate(e.getMessage()));
        } catch (SSLException e) {
            return new Result(url, method, null, millisSince(start), "tls", truncate(e.getMessage()));
        } catch (ClientProtocolException | NoHttpResponseException | MessageConstraintException e) {
            return new Result(url, method, null, millisSince(start), "protocol", protocolError(e));
        } catch (IOException | IllegalArgumentException e) {
            return new Result(url, method, null, millisSince(start), "other", truncate(e.toString()));
        } finally {
            client.close(CloseMode.IMMEDIATE);
        }
    }

    /**
     * One request, within what is left of the check's deadline. The watchdog cancels it at the
     * deadline whatever it is waiting for (connection, TLS handshake, a server dripping its head a
     * byte at a time); every socket wait is also given no more than the time left.
     */
    private Response request(
            CloseableHttpClient client,
            BasicHttpClientConnectionManager connections,
            Watchdog watchdog,
            HttpHost host,
            TargetGuard.Target target,
            String method,
            URI uri)
            throws IOException {
        Timeout left = remaining(watchdog.deadline);
        connections.setConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(left)
                .setSocketTimeout(left)
                .build());
        connections.setTlsConfig(TlsConfig.custom().setHandshakeTimeout(left).build());
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        // The name as the guard normalized it, so that TLS checks and sends the very name vetted.
        request.setScheme(host.getSchemeName());
        request.setAuthority(new URIAuthority(host.getHostName(), host.getPort()));
        request.setPath(pathAndQuery(uri));
        request.setConfig(RequestConfig.custom()
                .setResponseTimeout(left)
                .setConnectionRequestTimeout(left)
                .setRedirectsEnabled(false)
                .setAuthenticationEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .setContentCompressionEnabled(false)
                .build());
        request.setHeader(HttpHeaders.HOST, target.host() + (defaultPort(target) ? "" : ":" + target.port()));
        request.setHeader(HttpHeaders.USER_AGENT, userAgent);
        request.setHeader(HttpHeaders.ACCEPT, "*/*");
        request.setHeader(HttpHeaders.CONNECTION, "close");
        watchdog.watch(request);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(host, request, HttpClientContext.create());
            Header location = response.getFirstHeader(HttpHeaders.LOCATION);
            return new Response(response.getCode(), location == null ? null : location.getValue());
        } catch (IOException | RuntimeException e) {
            if (request.isCancelled() || System.nanoTime() - watchdog.deadline >= 0) {
                // Whatever the cancellation made of it (socket closed, TLS alert, or HttpClient's
                // IllegalStateException when it lands between leasing and connecting), it was the clock.
                throw new SocketTimeoutException("deadline passed");
            }
            throw e;
        } finally {
            // Only the head is wanted: cancelling drops the connection, so closing the response
            // cannot read (drain) the body.
            request.cancel();
            if (response != null) {
                closeDropped(response);
            }
        }
    }

    private static void closeDropped(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException dropped) {
            // the connection is already gone; there is nothing left to release
        }
    }

    private BasicHttpClientConnectionManager connections(VettedAddresses dns) {
        BasicHttpClientConnectionManager connections = new BasicHttpClientConnectionManager(
                new DefaultHttpClientConnectionOperator(
                        // Direct: new Socket() would consult the default ProxySelector for SOCKS.
                        proxy -> new Socket(Proxy.NO_PROXY),
                        DefaultSchemePortResolver.INSTANCE,
                        dns,
                        tls),
                CONNECTIONS);
        connections.setSocketConfig(SocketConfig.custom()
                .setSoTimeout(Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .build());
        return connections;
    }

    private static CloseableHttpClient client(BasicHttpClientConnectionManager connections) {
        return HttpClients.custom()
                .setConnectionManager(connections)
                // No proxy, whatever the system properties or the default ProxySelector say.
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .setConnectionReuseStrategy((request, response, context) -> false)
                // Each hop is vetted by the guard first: redirects are followed by check(), if at all.
                .disableRedirectHandling()
                // One try within the deadline; a retry would send the request again.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .disableDefaultUserAgent()
                .build();
    }

    private static String protocolError(IOException e) {
        if (e instanceof MessageConstraintException) {
            return "response headers too large";
        }
        if (e instanceof NoHttpResponseException) {
            return "no HTTP response";
        }
        // Fixed words, not the parser's message, which quotes what the server sent.
        return e.getCause() instanceof ParseException ? "not an HTTP response" : "invalid HTTP response";
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static String host(URI uri) throws UnknownHostException {
        String host = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
        if (host == null || host.isEmpty()) {
            throw new UnknownHostException("no host");
        }
        return host;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static boolean defaultPort(TargetGuard.Target target) {
        return (target.scheme().equals("http") && target.port() == 80)
                || (target.scheme().equals("https") && target.port() == 443);
    }

    private static Timeout remaining(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return Timeout.ofMilliseconds(left);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static @Nullable String truncate(@Nullable String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

    /**
     * Cancels the request in flight when the check's time is up. Per-socket timeouts alone would
     * not do: a server sending a byte now and then satisfies every read.
     */
    private static final class Watchdog implements AutoCloseable {

        final long deadline;
        private final AtomicReference<@Nullable HttpUriRequestBase> inFlight = new AtomicReference<>();
        private final Thread thread;

        Watchdog(long deadline) {
            this.deadline = deadline;
            this.thread = Thread.ofVirtual().name("check-deadline").start(this::cancelAtDeadline);
        }

        void watch(HttpUriRequestBase request) throws SocketTimeoutException {
            inFlight.set(request);
            if (System.nanoTime() - deadline >= 0) {
                // The watchdog may have looked before this request was set: do not start it.
                throw new SocketTimeoutException("deadline passed");
            }
        }

        private void cancelAtDeadline() {
            try {
                Thread.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException checkEnded) {
                return;
            }
            HttpUriRequestBase request = inFlight.get();
            if (request != null) {
                request.cancel();
            }
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    private record Response(int status, @Nullable String location) {}
}
