package dev.downtime.receiver.incidents;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What happened to incidents in one transaction (one fold of notifications, one overrun check),
 * in the order it happened: one event for all of them rather than one per incident, so that a mass
 * outage costs the event publication registry a few rows per batch. Published in that transaction:
 * listeners hear of each change exactly when it is committed, even across a restart.
 */
public record IncidentsChanged(List<Change> changes) {

    /** One transition of one incident. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Opened.class, name = "opened"),
        @JsonSubTypes.Type(value = Reported.class, name = "reported"),
        @JsonSubTypes.Type(value = Closed.class, name = "closed"),
        @JsonSubTypes.Type(value = Overran.class, name = "overran"),
        @JsonSubTypes.Type(value = Confirmed.class, name = "confirmed")
    })
    public sealed interface Change permits Opened, Reported, Closed, Overran, Confirmed {
        UUID incident();
    }

    /**
     * A failure opened the incident.
     *
     * @param covered whether maintenance covered the site when it went down
     */
    public record Opened(
            UUID incident, String url, @Nullable String host, Instant openedAt, int code, boolean covered)
            implements Change {}

    /** Monitor reported the site down again, timely (not a late notification). */
    public record Reported(UUID incident, String url, Instant reportedAt, int code) implements Change {}

    /**
     * A recovery closed the incident.
     *
     * @param coveredWhenOpened whether maintenance covered the site when the incident opened (no
     *     alert was raised then)
     * @param maintenanceOverranAt when it was flagged for maintenance that ended too soon, if it was
     */
    public record Closed(
            UUID incident,
            String url,
            Instant closedAt,
            boolean coveredWhenOpened,
            @Nullable Instant maintenanceOverranAt)
            implements Change {}

    /** Every window covering the open incident has ended, with the site still down. */
    public record Overran(UUID incident, String url, Instant at) implements Change {}

    /** Our own first check of the open incident's site found it down too (verdict {@code confirmed}). */
    public record Confirmed(UUID incident, String url, Instant at) implements Change {}
}
