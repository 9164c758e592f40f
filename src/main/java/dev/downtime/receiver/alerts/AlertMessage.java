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

    /**
     * One line of plain text for chat and mail subjects. What came from a notification (the URL) is
     * {@linkplain #visible made visible}: it can neither break the line nor hide or reorder text.
     */
    String headline() {
        String url = visible(incident.url());
        return switch (type) {
            case "incident.opened" ->
                url + " is down (code " + incident.lastCode() + ") since " + UTC.format(incident.openedAt())
                        + ", with no maintenance covering it";
            case "incident.maintenance-overran" ->
                url + " is still down (code " + incident.lastCode() + ") although its maintenance has ended";
            default ->
                url + " is back up" + (incident.closedAt() == null ? "" : " since " + UTC.format(incident.closedAt()));
        };
    }

    /** The whole story as plain text, for mail bodies; notification text {@linkplain #visible made visible}. */
    String details() {
        return headline() + "\n\n"
                + "Incident: " + incident.id() + "\n"
                + "Host slug: " + (incident.host() == null ? "-" : visible(incident.host())) + "\n"
                + "Opened: " + UTC.format(incident.openedAt()) + "\n"
                + (incident.closedAt() == null ? "" : "Closed: " + UTC.format(incident.closedAt()) + "\n")
                + "Notifications: " + incident.notificationCount() + ", first code " + incident.firstCode()
                + ", worst " + incident.worstCode() + ", last " + incident.lastCode() + "\n"
                + "Covered by maintenance: " + (incident.covered() ? "yes " + incident.coveringWindowIds() : "no")
                + "\n"
                + "Our own check: " + incident.verdict() + "\n";
    }

    /**
     * Text from a notification, with every character that is not plain printable text written as
     * {@code [U+XXXX]}: line breaks (which would forge lines of a mail body, or headers), other control
     * characters, Unicode line and paragraph separators, and format characters such as the
     * right-to-left override (which would show the text other than it is).
     */
    static String visible(String untrusted) {
        StringBuilder shown = new StringBuilder(untrusted.length());
        untrusted.codePoints().forEach(c -> {
            int kind = Character.getType(c);
            if (kind == Character.CONTROL
                    || kind == Character.FORMAT
                    || kind == Character.LINE_SEPARATOR
                    || kind == Character.PARAGRAPH_SEPARATOR
                    || kind == Character.UNASSIGNED
                    || kind == Character.PRIVATE_USE
                    || kind == Character.SURROGATE) {
                shown.append(String.format("[U+%04X]", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
