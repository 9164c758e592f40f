package dev.downtime.receiver.promises;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.web.InvalidRequestException;
import dev.downtime.receiver.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What Monitor was promised: the newest answer of each URL that was an instant. */
@RestController
@RequiresRole(Role.VIEWER)
class PromiseController {

    private final Promises promises;
    private final Clock clock;

    PromiseController(Promises promises, Clock clock) {
        this.promises = promises;
        this.clock = clock;
    }

    /**
     * @param active only promises that still hold (their instant is after now)
     * @param url only this site's (normalized as the webhook does)
     */
    @GetMapping("/api/v1/promises")
    PageResponse<PromiseResponse> list(
            @RequestParam(defaultValue = "false") boolean active,
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Instant now = clock.instant();
        String normalized = url == null ? null : normalize(url);
        Instant activeAt = active ? now : null;
        List<Promise> found = promises.list(activeAt, normalized, page, size);
        long total = promises.count(activeAt, normalized);
        return PageResponse.of(found, page, size, total, (Function<Promise, PromiseResponse>)
                promise -> PromiseResponse.of(promise, now));
    }

    private static String normalize(String url) {
        try {
            return SiteUrl.parse(url).value();
        } catch (InvalidSiteUrlException e) {
            throw InvalidRequestException.of("url", e.getMessage());
        }
    }

    /** @param active whether Monitor may still be keeping quiet about the site on its strength */
    record PromiseResponse(String url, Instant promisedUntil, Instant toldAt, List<UUID> windowIds, boolean active) {

        static PromiseResponse of(Promise promise, Instant now) {
            return new PromiseResponse(
                    promise.url(),
                    promise.promisedUntil(),
                    promise.toldAt(),
                    promise.windowIds(),
                    promise.promisedUntil().isAfter(now));
        }
    }
}
