package dev.downtime.receiver.notifications;

import dev.downtime.receiver.notifications.NotificationController.NotificationResponse;
import dev.downtime.receiver.notifications.NotificationQuarantine.Quarantined;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Notifications PostgreSQL refused to store, and spool lines that could not be read back. */
@RestController
@RequestMapping("/api/v1/notifications/quarantine")
@RequiresRole(Role.VIEWER)
class QuarantineController {

    private final NotificationQuarantine quarantine;

    QuarantineController(NotificationQuarantine quarantine) {
        this.quarantine = quarantine;
    }

    /**
     * Newest first.
     *
     * @param since inclusive lower bound on when it was quarantined
     * @param until exclusive upper bound on when it was quarantined
     */
    @GetMapping
    PageResponse<QuarantinedResponse> list(
            @RequestParam(required = false) @Nullable Instant since,
            @RequestParam(required = false) @Nullable Instant until,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageResponse.of(quarantine.find(since, until, page, size), QuarantinedResponse::of);
    }

    /**
     * One quarantined entry.
     *
     * @param stage {@code commit} (refused on its way from a webhook request), {@code replay}
     *     (refused when replayed from the spool) or {@code spool} (a spool line that could not be
     *     read)
     * @param sqlState PostgreSQL's error code; null for an unreadable spool line
     * @param notification the notification refused, in the shape of the notifications list
     * @param line when it is not a readable notification: the line as text, any byte that is not
     *     UTF-8 shown as U+FFFD
     */
    record QuarantinedResponse(
            UUID id,
            Instant quarantinedAt,
            String stage,
            @Nullable String sqlState,
            String reason,
            @Nullable NotificationResponse notification,
            @Nullable String line) {

        static QuarantinedResponse of(Quarantined q) {
            NotificationRecord notification = q.notification();
            return new QuarantinedResponse(
                    q.id(),
                    q.quarantinedAt(),
                    q.stage(),
                    q.sqlState(),
                    q.reason(),
                    notification == null ? null : NotificationResponse.of(notification),
                    notification == null ? new String(q.payload(), StandardCharsets.UTF_8) : null);
        }
    }
}
