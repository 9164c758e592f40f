package dev.downtime.receiver.webhook;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
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
@PermitAll
@RestController
class BenchTrivialController {

    static final String PATH = "/bench/trivial";

    private final NotificationBodyReader bodies;

    BenchTrivialController(NotificationBodyReader bodies) {
        this.bodies = bodies;
    }

    @PostMapping(PATH)
    ResponseEntity<String> receive(HttpServletRequest request) {
        MonitorPayloadParser.parse(bodies.read(request));
        return plainText(HttpStatus.OK, Reply.OK);
    }

    @ExceptionHandler
    ResponseEntity<String> unacceptable(NotificationBodyReader.UnacceptableBodyException e) {
        return plainText(e.status(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> invalid(InvalidPayloadException e) {
        return plainText(HttpStatus.BAD_REQUEST, "invalid notification: " + e.getMessage());
    }

    private static ResponseEntity<String> plainText(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(body);
    }
}
