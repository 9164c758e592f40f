package dev.downtime.receiver.webhook;

import dev.downtime.receiver.notifications.NotificationLog;
import dev.downtime.receiver.notifications.ReceivedNotification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint Monitor posts to right before it emails a site's owner. It answers {@code ok}, or
 * the end of the maintenance covering the site, and records the notification first.
 */
// Open to anyone at this level: WebhookGuard, before every other filter, checks token and address.
@PermitAll
@RestController
@RequestMapping(MonitorWebhookController.PATH)
class MonitorWebhookController {

    static final String PATH = "/webhooks/monitor";
    private static final String ALLOW = "POST, OPTIONS";

    private final WebhookDecider decider;
    private final NotificationLog log;
    private final NotificationBodyReader bodies;
    private final Duration maxClockSkew;
    private final Counter ok;
    private final Counter suppressed;
    private final Counter foreign;
    private final Counter rejected;

    MonitorWebhookController(
            WebhookDecider decider,
            NotificationLog log,
            NotificationBodyReader bodies,
            WebhookProperties properties,
            MeterRegistry meters) {
        this.decider = decider;
        this.log = log;
        this.bodies = bodies;
        this.maxClockSkew = properties.maxClockSkew();
        this.ok = outcome(meters, "ok");
        this.suppressed = outcome(meters, "suppressed");
        this.foreign = outcome(meters, "foreign");
        this.rejected = outcome(meters, "rejected");
    }

    /**
     * Answers one notification: read (whatever its Content-Type), parsed, decided, committed.
     */
    @PostMapping
    ResponseEntity<String> receive(HttpServletRequest request) {
        byte[] body = bodies.read(request);
        MonitorPayload payload = MonitorPayloadParser.parse(body);
        WebhookDecision decision = decider.decide(payload.site(), payload.host(), payload.code());
        NotificationLog.Recorded recorded = log.record(new ReceivedNotification(
                decision.at(),
                payload.ts(),
                payload.url(),
                payload.site().value(),
                payload.code(),
                payload.host(),
                payload.type(),
                decision.reply(),
                decision.replyWindowIds(),
                request.getRemoteAddr(),
                decision.foreignHost(),
                payload.tsMillis(),
                payload.rawTs(),
                payload.rawCode(),
                outsideClockSkew(payload.tsMillis(), decision.at(), maxClockSkew)));
        // Monitor sent this very check before: the same answer again, not a new one.
        String reply = recorded.firstReply() != null ? recorded.firstReply() : decision.reply();
        (decision.foreignHost() ? foreign : reply.equals(Reply.OK) ? ok : suppressed).increment();
        return plainText(HttpStatus.OK, reply);
    }

    /**
     * Whether a check time is further from the arrival than the allowed skew, either way. Such a
     * notification is stored and answered but never a duplicate: a check time far ahead would
     * otherwise let anyone store, today, the answer a future check of the site gets.
     */
    static boolean outsideClockSkew(@Nullable Long tsMillis, Instant arrival, Duration maxSkew) {
        if (tsMillis == null) {
            return false; // never a duplicate anyway
        }
        long distance = Math.abs(tsMillis - arrival.toEpochMilli());
        return distance > maxSkew.toMillis();
    }

    @RequestMapping(method = RequestMethod.OPTIONS)
    ResponseEntity<Void> options() {
        return ResponseEntity.ok().header(HttpHeaders.ALLOW, ALLOW).build();
    }

    /**
     * Every other method (GET, HEAD, PUT, DELETE, PROPFIND, anything), declared here so that all get
     * one short plain-text 405 rather than Spring's assorted defaults. TRACE never gets this far:
     * Tomcat refuses it itself.
     */
    @RequestMapping
    ResponseEntity<String> otherMethods() {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, ALLOW)
                .contentType(MediaType.TEXT_PLAIN)
                .body("method not allowed: POST the notification as JSON");
    }

    @ExceptionHandler
    ResponseEntity<String> invalid(InvalidPayloadException e) {
        rejected.increment();
        return plainText(HttpStatus.BAD_REQUEST, "invalid notification: " + e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> unacceptable(NotificationBodyReader.UnacceptableBodyException e) {
        rejected.increment();
        return plainText(e.status(), e.getMessage());
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("receiver.notifications")
                .description("Webhook requests by outcome: ok, suppressed (answered with a time) or rejected (4xx)")
                .tag("outcome", outcome)
                .register(meters);
    }

    private static ResponseEntity<String> plainText(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(body);
    }
}
