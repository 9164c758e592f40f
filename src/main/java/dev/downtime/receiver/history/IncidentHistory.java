package dev.downtime.receiver.history;

import dev.downtime.receiver.alerts.AlertLog;
import dev.downtime.receiver.incidents.IncidentView;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.notifications.NotificationEntry;
import dev.downtime.receiver.notifications.NotificationLog;
import dev.downtime.receiver.verification.SiteChecks;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * One incident with its notifications (the latest {@value #NOTIFICATIONS_SHOWN}), our own checks
 * and its alerts, composed from the four modules that own them: for the admin API and the console.
 */
@Component
class IncidentHistory {

    static final int NOTIFICATIONS_SHOWN = 200;

    private final Incidents incidents;
    private final NotificationLog notifications;
    private final SiteChecks checks;
    private final AlertLog alerts;

    IncidentHistory(Incidents incidents, NotificationLog notifications, SiteChecks checks, AlertLog alerts) {
        this.incidents = incidents;
        this.notifications = notifications;
        this.checks = checks;
        this.alerts = alerts;
    }

    IncidentDetail of(UUID id) {
        IncidentView incident = incidents.find(id).orElseThrow(() -> notFound(id));
        return new IncidentDetail(
                incident,
                notifications.ofIncident(incident.url(), incident.openedAt(), incident.closedAt(), NOTIFICATIONS_SHOWN),
                checks.of(id),
                alerts.of(id));
    }

    private static ErrorResponseException notFound(UUID id) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No incident has id " + id + ".");
        problem.setTitle("Incident not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    /**
     * @param notifications newest first
     * @param verifications our own checks, newest first
     * @param alerts in the order they were raised
     */
    record IncidentDetail(
            IncidentView incident,
            List<NotificationEntry> notifications,
            List<SiteChecks.Check> verifications,
            List<AlertLog.Entry> alerts) {}
}
