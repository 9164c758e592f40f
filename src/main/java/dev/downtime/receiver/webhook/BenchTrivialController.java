package dev.downtime.receiver.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline of {@code bench/run.sh}: reads and parses a notification exactly as the webhook
 * does, then answers {@code ok} without deciding or recording anything. Compared with the webhook
 * under the same load, it shows what deciding and committing cost. Exists only under the {@code
 * bench} profile.
 */
@Profile("bench")
@RestController
class BenchTrivialController {

    static final String PATH = "/bench/trivial";

    private final int maxBodySize;

    BenchTrivialController(WebhookProperties properties) {
        this.maxBodySize = Math.toIntExact(properties.maxBodySize().toBytes());
    }

    @PostMapping(PATH)
    ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBodySize + 1);
        }
        if (body.length > maxBodySize) {
            return plainText(HttpStatus.CONTENT_TOO_LARGE, "notification body over " + maxBodySize + " bytes");
        }
        MonitorPayloadParser.parse(body);
        return plainText(HttpStatus.OK, Reply.OK);
    }

    @ExceptionHandler
    ResponseEntity<String> invalid(InvalidPayloadException e) {
        return plainText(HttpStatus.BAD_REQUEST, "invalid notification: " + e.getMessage());
    }

    private static ResponseEntity<String> plainText(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(body);
    }
}
