package dev.downtime.receiver.incidents;

import dev.downtime.receiver.maintenance.MaintenanceWindows;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Flags open incidents whose covering maintenance has all ended while the site is still down, once
 * each: maintenance ends with time, not only through the API, so this looks again every {@code
 * receiver.incidents.overrun-check-interval}.
 */
@Component
class OverrunCheck {

    private final IncidentRepository incidents;
    private final MaintenanceWindows windows;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OverrunCheck(
            IncidentRepository incidents, MaintenanceWindows windows, ApplicationEventPublisher events, Clock clock) {
        this.incidents = incidents;
        this.windows = windows;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    void flagOverruns() {
        Instant now = clock.instant();
        List<Incident> candidates = incidents.openCoveredUnflagged();
        if (candidates.isEmpty()) {
            return;
        }
        Set<UUID> covering = new HashSet<>();
        candidates.forEach(incident -> covering.addAll(incident.coveringWindowIds()));
        Set<UUID> inEffect = windows.inEffectAt(covering, now);
        List<UUID> overran = candidates.stream()
                .filter(incident -> incident.coveringWindowIds().stream().noneMatch(inEffect::contains))
                .map(Incident::id)
                .toList();
        if (overran.isEmpty()) {
            return;
        }
        // Locked, then flagged only if still open and unflagged: a fold may have closed one meanwhile.
        List<IncidentsChanged.Change> changes = incidents.lockAll(overran).stream()
                .filter(incident -> incident.maintenanceOverran(now))
                .<IncidentsChanged.Change>map(
                        incident -> new IncidentsChanged.Overran(incident.id(), incident.normalizedUrl(), now))
                .toList();
        incidents.flush();
        if (!changes.isEmpty()) {
            events.publishEvent(new IncidentsChanged(changes));
        }
    }
}
