package dev.downtime.receiver.alerts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An alert as channels send it.
 *
 * @param id the alert's id, stable across retries, so receivers can drop repeats
 * @param type {@code incident.opened}, {@code incident.maintenance-overran} or {@code incident.recovered}
 */
record AlertMessage(UUID id, String type, Instant occurredAt, IncidentSummary incident) {

    record IncidentSummary(
            UUID id,
            String url,
            @Nullable String host,
            Instant openedAt,
            @Nullable Instant closedAt,
            int notificationCount,
            int firstCode,
            int worstCode,
            int lastCode,
            boolean covered,
            List<UUID> coveringWindowIds,
            @Nullable Instant maintenanceOverranAt,
            String verdict) {}

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** One line for chat and mail subjects. */
    String headline() {
        return switch (type) {
            case "incident.opened" ->
                incident.url() + " is down (code " + incident.lastCode() + ") since " + UTC.format(incident.openedAt())
                        + ", with no maintenance covering it";
            case "incident.maintenance-overran" ->
                incident.url() + " is still down (code " + incident.lastCode() + ") although its maintenance has ended";
            default ->
                incident.url() + " is back up"
                        + (incident.closedAt() == null ? "" : " since " + UTC.format(incident.closedAt()));
        };
    }

    /** The whole story, for mail bodies. */
    String details() {
        return headline() + "\n\n"
                + "Incident: " + incident.id() + "\n"
                + "Host slug: " + (incident.host() == null ? "-" : incident.host()) + "\n"
                + "Opened: " + UTC.format(incident.openedAt()) + "\n"
                + (incident.closedAt() == null ? "" : "Closed: " + UTC.format(incident.closedAt()) + "\n")
                + "Notifications: " + incident.notificationCount() + ", first code " + incident.firstCode()
                + ", worst " + incident.worstCode() + ", last " + incident.lastCode() + "\n"
                + "Covered by maintenance: " + (incident.covered() ? "yes " + incident.coveringWindowIds() : "no")
                + "\n"
                + "Our own check: " + incident.verdict() + "\n";
    }
}
