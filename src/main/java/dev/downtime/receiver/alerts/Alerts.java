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
 * Raises alerts to ops: one per incident transition and configured channel, written to an outbox
 * in the transaction that made the transition, and delivered (with retries) by the dispatcher.
 */
@Service
public class Alerts {

    /** What happened to an incident that ops should hear of. */
    public enum Transition {
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
    public void raise(UUID incidentId, Transition transition) {
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
    public void raiseRecovery(UUID incidentId) {
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
