package dev.downtime.receiver.alerts;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Raises alerts to ops: one per incident transition and configured channel, written to the outbox
 * (in the transaction that handles the incident's event: {@link IncidentAlerts}), and delivered
 * (with retries) by the dispatcher. Raising a transition again changes nothing.
 */
@Service
class Alerts {

    /** What happened to an incident that ops should hear of. */
    enum Transition {
        /** The site went down and no maintenance covers it. */
        OPENED,
        /** A window covering the outage ended while the site was still down. */
        MAINTENANCE_OVERRAN,
        /** The site is back: after an alert about it, or always ({@code receiver.alerts.recovery}). */
        RECOVERED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final JdbcClient jdbc;
    private final List<String> channels;
    private final Clock clock;
    private final AlertsProperties.Recovery recovery;

    Alerts(JdbcClient jdbc, List<AlertChannel> channels, Clock clock, AlertsProperties properties) {
        this.jdbc = jdbc;
        this.channels = channels.stream().map(AlertChannel::name).toList();
        this.clock = clock;
        this.recovery = properties.recovery();
    }

    /** Raises the transition on every channel, once: raising it again changes nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    void raise(UUID incidentId, Transition transition) {
        for (String channel : channels) {
            insert(incidentId, transition, channel);
        }
    }

    /**
     * Raises a recovery: with {@code recovery=alerted}, on the channels that were told of this
     * incident (or are still trying to tell: the dispatcher sends the recovery after that) and only
     * those; with {@code always}, on every channel.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void raiseRecovery(UUID incidentId) {
        if (recovery == AlertsProperties.Recovery.ALWAYS) {
            raise(incidentId, Transition.RECOVERED);
            return;
        }
        List<String> told =
                jdbc.sql("""
                        SELECT DISTINCT channel FROM alert
                         WHERE incident_id = :id AND transition <> 'recovered' AND status <> 'failed'
                        """).param("id", incidentId).query(String.class).list();
        for (String channel : told) {
            if (channels.contains(channel)) {
                insert(incidentId, Transition.RECOVERED, channel);
            }
        }
    }

    /**
     * The incident is closed. Its events may be handled in any order (asynchronously, on any
     * instance): when the alert of its opening has not been raised yet, it is raised first, and so
     * is the one of an overrun, so that the recovery never comes before what it recovers from.
     *
     * @param alertedWhenOpened no maintenance covered the site when the incident opened
     * @param overran it was flagged for maintenance that ended while the site was still down
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void closed(UUID incidentId, boolean alertedWhenOpened, boolean overran) {
        if (alertedWhenOpened && !raised(incidentId, Transition.OPENED)) {
            raise(incidentId, Transition.OPENED);
        }
        if (overran) {
            raise(incidentId, Transition.MAINTENANCE_OVERRAN);
        }
        raiseRecovery(incidentId);
    }

    private boolean raised(UUID incidentId, Transition transition) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM alert WHERE incident_id = :id AND transition = :transition)")
                .param("id", incidentId)
                .param("transition", transition.wireName())
                .query(Boolean.class)
                .single();
    }

    private void insert(UUID incidentId, Transition transition, String channel) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO alert (id, incident_id, transition, channel, created_at, status, next_attempt_at)
                        VALUES (:id, :incident, :transition, :channel, :now, 'pending', :now)
                        ON CONFLICT ON CONSTRAINT alert_once_per_transition DO NOTHING
                        """)
                .param("id", UUID.randomUUID())
                .param("incident", incidentId)
                .param("transition", transition.wireName())
                .param("channel", channel)
                .param("now", now)
                .update();
    }
}
