package dev.downtime.receiver.incidents;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incidents for ops staff: what went down, whether maintenance covered it. One incident with its
 * notifications, our own checks and its alerts is served by the {@code history} module.
 */
@RestController
@RequestMapping("/api/v1/incidents")
@RequiresRole(Role.VIEWER)
class IncidentController {

    private final Incidents incidents;

    IncidentController(Incidents incidents) {
        this.incidents = incidents;
    }

    /**
     * @param state {@code open} or {@code closed}
     * @param since incidents opened at or after this
     */
    @GetMapping
    PageResponse<IncidentView> list(
            @RequestParam(required = false)
                    @Nullable
                    @Pattern(regexp = "open|closed", message = "must be open or closed")
                    String state,
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(required = false) @Nullable String host,
            @RequestParam(required = false) @Nullable Instant since,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Boolean open = state == null ? null : state.equals("open");
        return PageResponse.of(incidents.list(open, url, host, since, page, size), incident -> incident);
    }
}
