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
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Explains to ops staff what the webhook would answer for a site, now or at any instant, and which
 * windows (and occurrences of recurring ones) decide it, and why each matches.
 */
@RestController
@RequiresRole(Role.VIEWER)
class DecisionController {

    private final WebhookDecider decider;

    DecisionController(WebhookDecider decider) {
        this.decider = decider;
    }

    /**
     * @param code the check's status code; omitted means a failure (0, a timeout)
     * @param at the instant to decide at, past or future; omitted means now
     */
    @GetMapping("/api/v1/decision")
    DecisionResponse explain(
            @RequestParam String url,
            @RequestParam(required = false) @Nullable String host,
            @RequestParam(defaultValue = "0") @Min(0) @Max(999) int code,
            @RequestParam(required = false) @Nullable Instant at) {
        return explain(decider, url, host, code, at);
    }

    /** What the webhook would answer at {@code at} (null: now), and why: for the admin API and the console. */
    static DecisionResponse explain(
            WebhookDecider decider, String url, @Nullable String host, int code, @Nullable Instant at) {
        SiteUrl site;
        try {
            site = SiteUrl.parse(url);
        } catch (InvalidSiteUrlException e) {
            throw InvalidRequestException.of("url", e.getMessage());
        }
        WebhookDecision decision =
                at == null ? decider.decide(site, host, code) : decider.decideAt(site, host, code, at);
        List<ScheduledWindow> stretch = decision.coverage().windows();
        return new DecisionResponse(
                decision.at(),
                url,
                site.value(),
                host,
                code,
                decision.foreignHost(),
                decision.matching().stream()
                        .filter(w -> w.stateAt(decision.at()) != WindowState.ENDED)
                        .map(w -> MatchingWindow.of(w, decision.at(), stretch.contains(w), site, host))
                        .toList(),
                decision.coverage().until(),
                decision.reply());
    }

    /**
     * @param foreignHost {@code receiver.webhook.expected-hosts} is set and {@code host} is missing
     *     or not in it: the webhook answers {@code ok} without consulting any window
     * @param matchingWindows every window matching the URL or host that has not ended
     * @param coveredUntil the end of the continuous maintenance stretch covering the site at {@code
     *     evaluatedAt}, no further ahead than {@code receiver.maintenance.max-promise}
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

    /**
     * A window, or one occurrence of a recurring window, matching the site.
     *
     * @param occurrence for an occurrence, its scheduled local start; null for a one-off window
     * @param matchedBy why it matches the site: which of its target rules the URL or host meets
     * @param inStretch whether it is part of the stretch that sets {@code coveredUntil}
     */
    record MatchingWindow(
            UUID id,
            WindowScope scope,
            String target,
            @Nullable LocalDateTime occurrence,
            Instant startsAt,
            Instant endsAt,
            @Nullable String reason,
            WindowState state,
            String matchedBy,
            boolean inStretch) {

        static MatchingWindow of(
                ScheduledWindow w, Instant at, boolean inStretch, SiteUrl site, @Nullable String host) {
            return new MatchingWindow(
                    w.id(),
                    w.scope(),
                    w.target(),
                    w.occurrence(),
                    w.startsAt(),
                    w.endsAt(),
                    w.reason(),
                    w.stateAt(at),
                    matchedBy(w, site, host),
                    inStretch);
        }

        private static String matchedBy(ScheduledWindow w, SiteUrl site, @Nullable String host) {
            return switch (w.scope()) {
                case URL -> "the URL is the window's target";
                case DOMAIN ->
                    w.target().startsWith("*.")
                            ? "the URL's host " + site.host() + " is a subdomain of "
                                    + w.target().substring(2)
                            : "the URL's host is the window's domain";
                case HOST -> "the notification's host " + host + " is the window's host";
                case SELECTOR -> "the inventory's labels of the URL match the selector " + w.target();
            };
        }
    }
}
