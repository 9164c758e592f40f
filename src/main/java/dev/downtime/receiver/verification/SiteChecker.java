package dev.downtime.receiver.verification;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Checks a site the way Monitor does: a HEAD request, then a GET when HEAD is refused (405 or
 * 501), reading only the status line and headers. It speaks HTTP/1.1 over a socket it opens to
 * the address the guard vetted, so nothing resolves the name a second time; TLS still verifies the
 * certificate against the site's name.
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

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final TargetGuard guard;
    private final Duration timeout;
    private final boolean followRedirects;
    private final int maxRedirects;
    private final String userAgent;

    SiteChecker(TargetGuard guard, VerificationProperties properties) {
        this.guard = guard;
        this.timeout = properties.timeout();
        this.followRedirects = properties.followRedirects();
        this.maxRedirects = properties.maxRedirects();
        this.userAgent = properties.userAgent();
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
        try {
            for (int hop = 0; ; hop++) {
                TargetGuard.Target target = guard.vet(scheme(current), host(current), port(current), deadline);
                method = "HEAD";
                Response response = request(target, method, pathAndQuery(current), deadline);
                if (response.status() == 405 || response.status() == 501) {
                    method = "GET";
                    response = request(target, method, pathAndQuery(current), deadline);
                }
                boolean redirect = response.status() >= 300 && response.status() < 400 && response.location() != null;
                if (followRedirects && redirect && hop < maxRedirects) {
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
        } catch (SocketTimeoutException e) {
            return new Result(url, method, null, millisSince(start), "timeout", "no answer within " + timeout);
        } catch (ConnectException | NoRouteToHostException e) {
            return new Result(url, method, null, millisSince(start), "refused", truncate(e.getMessage()));
        } catch (SSLException e) {
            return new Result(url, method, null, millisSince(start), "tls", truncate(e.getMessage()));
        } catch (ProtocolError e) {
            return new Result(url, method, null, millisSince(start), "protocol", e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return new Result(url, method, null, millisSince(start), "other", truncate(e.toString()));
        }
    }

    /**
     * One request, within what is left of the check's deadline: the connect gets the time left,
     * every read of the head is given the time left then (a server dripping a byte now and then
     * does not reset the clock), and a watchdog closes the socket at the deadline, which also
     * cuts a TLS handshake dripped the same way.
     */
    private Response request(TargetGuard.Target target, String method, String path, long deadline) throws IOException {
        Socket socket = new Socket();
        Thread watchdog = Thread.ofVirtual().name("check-deadline").start(() -> closeAt(socket, deadline));
        try (socket) {
            socket.connect(new InetSocketAddress(target.address(), target.port()), remainingMillis(deadline));
            socket.setSoTimeout(remainingMillis(deadline));
            Socket channel = target.scheme().equals("https") ? tls(socket, target) : socket;
            OutputStream out = channel.getOutputStream();
            String hostHeader = target.host() + (defaultPort(target) ? "" : ":" + target.port());
            out.write((method + " " + path + " HTTP/1.1\r\n"
                            + "Host: " + hostHeader + "\r\n"
                            + "User-Agent: " + userAgent + "\r\n"
                            + "Accept: */*\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readHead(new BufferedInputStream(new DeadlineInputStream(channel, socket, deadline)));
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0 && !(e instanceof ProtocolError)) {
                // Whatever the watchdog's close made of it (socket closed, TLS alert), it was the clock.
                throw new SocketTimeoutException("deadline passed");
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    private static void closeAt(Socket socket, long deadline) {
        try {
            Thread.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            socket.close();
        } catch (InterruptedException | IOException done) {
            // the request ended first, or the socket is closed anyway
        }
    }

    private static Socket tls(Socket socket, TargetGuard.Target target) throws IOException {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!target.host().startsWith("[")
                && !Character.isDigit(target.host().charAt(target.host().length() - 1))) {
            parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    /** The status line and the Location header, if any; the body is never read. */
    private static Response readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new ProtocolError("response headers too large");
            }
            lastFour = (lastFour << 8) | b;
            if (lastFour == 0x0d0a0d0a) {
                break; // the blank line that ends the headers
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new ProtocolError("not an HTTP response");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new ProtocolError("invalid status code");
        }
        if (status < 100 || status > 999) {
            throw new ProtocolError("invalid status code");
        }
        String location = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("location")) {
                location = lines[i].substring(colon + 1).trim();
            }
        }
        return new Response(status, location);
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
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

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static @Nullable String truncate(@Nullable String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

    /** Gives each read on the socket only the time left until the deadline. */
    private static final class DeadlineInputStream extends FilterInputStream {

        private final Socket socket;
        private final long deadline;

        DeadlineInputStream(Socket channel, Socket socket, long deadline) throws IOException {
            super(channel.getInputStream());
            this.socket = socket;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return super.read(buffer, offset, length);
        }
    }

    private record Response(int status, @Nullable String location) {}

    private static final class ProtocolError extends IOException {
        ProtocolError(String message) {
            super(message);
        }
    }
}
