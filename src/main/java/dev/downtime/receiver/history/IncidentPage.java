package dev.downtime.receiver.history;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsolePage;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The console's page of one incident: its notifications, our own checks and its alerts. */
@Controller
@ConsolePage
@RequiresRole(Role.VIEWER)
class IncidentPage {

    private final IncidentHistory history;

    IncidentPage(IncidentHistory history) {
        this.history = history;
    }

    @GetMapping("/console/incidents/{id}")
    String get(@PathVariable UUID id, Model model) {
        model.addAttribute("detail", history.of(id));
        return "console/incident";
    }
}
