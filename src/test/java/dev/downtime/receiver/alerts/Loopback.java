package dev.downtime.receiver.alerts;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** Fake endpoints for the alert channels: an HTTP server on a free port of 127.0.0.1. */
final class Loopback {

    private Loopback() {}

    /** Started, every path answered by {@code handler}. */
    static HttpServer server(HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its address, without a trailing slash. */
    static String base(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
