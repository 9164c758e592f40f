package dev.downtime.receiver.webhook;

import dev.downtime.receiver.maintenance.ScheduledWindow;
import dev.downtime.receiver.maintenance.WindowScope;
import dev.downtime.receiver.maintenance.WindowState;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.web.InvalidRequestException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Explains to ops staff what the webhook would answer now for a site, and which windows decide it. */
@RestController
@RequiresRole(Role.VIEWER)
class DecisionController {

    private final WebhookDecider decider;

    DecisionController(WebhookDecider decider) {
        this.decider = decider;
    }

    /** @param code the check's status code; omitted means a failure (0, a timeout) */
    @GetMapping("/api/v1/decision")
    DecisionResponse explain(
            @RequestParam String url,
            @RequestParam(required = false) @Nullable String host,
            @RequestParam(defaultValue = "0") @Min(0) @Max(999) int code) {
        return explain(decider, url, host, code);
    }

    /** What the webhook would answer now, and why: for the admin API and the console. */
    static DecisionResponse explain(WebhookDecider decider, String url, @Nullable String host, int code) {
        SiteUrl site;
        try {
            site = SiteUrl.parse(url);
        } catch (InvalidSiteUrlException e) {
            throw InvalidRequestException.of("url", e.getMessage());
        }
        WebhookDecision decision = decider.decide(site, host, code);
        List<UUID> stretch =
                decision.coverage().windows().stream().map(ScheduledWindow::id).toList();
        return new DecisionResponse(
                decision.at(),
                url,
                site.value(),
                host,
                code,
                decision.foreignHost(),
                decision.matching().stream()
                        .filter(w -> w.stateAt(decision.at()) != WindowState.ENDED)
                        .map(w -> MatchingWindow.of(w, decision.at(), stretch.contains(w.id())))
                        .toList(),
                decision.coverage().until(),
                decision.reply());
    }

    /**
     * @param foreignHost {@code receiver.webhook.expected-hosts} is set and {@code host} is missing
     *     or not in it: the webhook answers {@code ok} without consulting any window
     * @param matchingWindows every window matching the URL or host that has not ended
     * @param coveredUntil the end of the continuous maintenance stretch covering the site now
     * @param reply the exact body the webhook would send
     */
    record DecisionResponse(
            Instant evaluatedAt,
            String url,
            String normalizedUrl,
            @Nullable String host,
            int code,
            boolean foreignHost,
            List<MatchingWindow> matchingWindows,
            @Nullable Instant coveredUntil,
            String reply) {}

    /** @param inStretch whether the window is part of the stretch that sets {@code coveredUntil} */
    record MatchingWindow(
            UUID id,
            WindowScope scope,
            String target,
            Instant startsAt,
            Instant endsAt,
            @Nullable String reason,
            WindowState state,
            boolean inStretch) {

        static MatchingWindow of(ScheduledWindow w, Instant now, boolean inStretch) {
            return new MatchingWindow(
                    w.id(), w.scope(), w.target(), w.startsAt(), w.endsAt(), w.reason(), w.stateAt(now), inStretch);
        }
    }
}
