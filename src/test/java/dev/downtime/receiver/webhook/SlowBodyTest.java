package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** A caller dripping its body byte by byte cannot hold a connection for as long as it likes. */
@TestPropertySource(properties = "receiver.webhook.body-read-timeout=1s")
@DirtiesContext
class SlowBodyTest extends PostgresIntegrationTest {

    @Test
    void answers408ToABodyThatTakesLongerThanTheTimeoutToArrive() throws Exception {
        String body = "{\"ts\":1,\"url\":\"example.com\",\"code\":503}" + " ".repeat(60);
        long started = System.nanoTime();
        String response;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/monitor HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // One byte every 200 ms: 100 bytes would take 20 s.
            for (int i = 0; i < body.length() && in.available() == 0; i++) {
                try {
                    out.write(body.charAt(i));
                    out.flush();
                } catch (java.io.IOException closed) {
                    break;
                }
                Thread.sleep(200);
            }
            response = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }

        assertThat(response).isEqualTo("HTTP/1.1 408");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
        assertThat(count("notification")).isZero();
    }
}
