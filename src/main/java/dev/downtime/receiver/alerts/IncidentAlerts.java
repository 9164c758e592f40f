package dev.downtime.receiver.alerts;

import dev.downtime.receiver.database.DerivedData;
import dev.downtime.receiver.incidents.IncidentsChanged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Feeds incidents' changes to their groups: an outage no maintenance covered, maintenance that
 * ended with the site still down, a confirmation by our own check, a recovery. Handled through the
 * event publication registry: a change committed is grouped even if this instance dies first, once
 * it is handed over again, and applying it twice changes nothing.
 */
@Component
class IncidentAlerts {

    private final Alerts alerts;
    private final JdbcClient jdbc;

    IncidentAlerts(Alerts alerts, JdbcClient jdbc) {
        this.alerts = alerts;
        this.jdbc = jdbc;
    }

    // An application module listener, on the grouping's own thread (GroupingConfiguration).
    @Async(GroupingConfiguration.EXECUTOR)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @TransactionalEventListener(id = "alerts.incidents-changed")
    void on(IncidentsChanged changed) {
        DerivedData.commitWithoutWaitingForDisk(jdbc);
        alerts.changed(changed.changes());
    }
}
