package dev.downtime.receiver.verification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny HTTP server on a loopback address for checker tests: answers each request with what
 * {@code answer} gives for its request head (null: never answer), and counts connections,
 * concurrent connections and request heads.
 */
final class LoopbackServer implements AutoCloseable {

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();

    private final ServerSocket server;
    private final Function<String, String> answer;
    private final Thread acceptor;

    LoopbackServer(String address, Function<String, String> answer) {
        this(bind(address, 0), answer);
    }

    /** @param server bound already: on a given port, or speaking TLS */
    LoopbackServer(ServerSocket server, Function<String, String> answer) {
        this.server = server;
        this.answer = answer;
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    static ServerSocket bind(String address, int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers every request with this status. */
    static LoopbackServer answering(String address, int status) {
        return new LoopbackServer(address, head -> "HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\n\r\n");
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try (socket) {
            String head = readHead(socket.getInputStream());
            requests.add(head);
            String response = answer.apply(head);
            if (response == null) {
                Thread.sleep(60_000); // hang, as a stuck server does
            } else {
                socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException | InterruptedException ignored) {
            // the client went away
        } finally {
            concurrent.decrementAndGet();
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int lastFour = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.append((char) b);
            lastFour = (lastFour << 8) | b;
            if (lastFour == 0x0d0a0d0a) {
                break;
            }
        }
        return head.toString();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
    }
}
