package dev.downtime.receiver.alerts;

import dev.downtime.receiver.alerts.Alerts.Transition;
import dev.downtime.receiver.incidents.IncidentsChanged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Raises the alerts incidents' changes call for: an outage no maintenance covered, maintenance that
 * ended with the site still down, a recovery. Handled through the event publication registry: a
 * change committed is alerted even if this instance dies first, once it is handed over again, and
 * raising is idempotent (one alert per incident, transition and channel).
 */
@Component
class IncidentAlerts {

    private final Alerts alerts;

    IncidentAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    @ApplicationModuleListener(id = "alerts.incidents-changed")
    void on(IncidentsChanged changed) {
        for (IncidentsChanged.Change change : changed.changes()) {
            switch (change) {
                case IncidentsChanged.Opened opened -> {
                    if (!opened.covered()) {
                        alerts.raise(opened.incident(), Transition.OPENED);
                    }
                }
                case IncidentsChanged.Overran overran ->
                    alerts.raise(overran.incident(), Transition.MAINTENANCE_OVERRAN);
                case IncidentsChanged.Closed closed ->
                    alerts.closed(
                            closed.incident(), !closed.coveredWhenOpened(), closed.maintenanceOverranAt() != null);
                case IncidentsChanged.Reported reported -> {}
            }
        }
    }
}
