package dev.downtime.receiver.incidents;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.ConsoleForms;
import dev.downtime.receiver.web.ConsolePage;
import dev.downtime.receiver.web.InvalidRequestException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's Incidents page: what went down, whether maintenance covered it, what our own check
 * found. One incident, with its checks and alerts, is the {@code history} module's page.
 */
@Controller
@ConsolePage
@RequiresRole(Role.VIEWER)
class IncidentPages {

    private static final int PAGE_SIZE = 50;

    private final Incidents incidents;

    IncidentPages(Incidents incidents) {
        this.incidents = incidents;
    }

    /** @param state {@code open}, {@code closed}, or blank for both */
    @GetMapping("/console/incidents")
    String list(
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        String shown = ConsoleForms.text(state);
        if (shown != null && !shown.equals("open") && !shown.equals("closed")) {
            throw InvalidRequestException.of("state", "must be open or closed");
        }
        Boolean open = shown == null ? null : shown.equals("open");
        model.addAttribute(
                "incidents", incidents.list(open, ConsoleForms.text(url), null, null, Math.max(0, page), PAGE_SIZE));
        model.addAttribute("state", shown);
        model.addAttribute("url", url);
        return "console/incidents";
    }
}
