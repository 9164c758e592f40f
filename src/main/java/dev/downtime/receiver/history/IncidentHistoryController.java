package dev.downtime.receiver.history;

import dev.downtime.receiver.history.IncidentHistory.IncidentDetail;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** One incident for ops staff, with its notifications (the latest 200), our own checks and its alerts. */
@RestController
@RequiresRole(Role.VIEWER)
class IncidentHistoryController {

    private final IncidentHistory history;

    IncidentHistoryController(IncidentHistory history) {
        this.history = history;
    }

    @GetMapping("/api/v1/incidents/{id}")
    IncidentDetail get(@PathVariable UUID id) {
        return history.of(id);
    }
}
