package dev.downtime.receiver.notifications;

import dev.downtime.receiver.notifications.NotificationSearch.CodeRange;
import dev.downtime.receiver.notifications.NotificationSearch.NotificationFilter;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.web.InvalidRequestException;
import dev.downtime.receiver.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

@RestController
@RequestMapping("/api/v1/notifications")
@RequiresRole(Role.VIEWER)
class NotificationController {

    private final NotificationSearch search;

    NotificationController(NotificationSearch search) {
        this.search = search;
    }

    /**
     * @param url matches the notifications whose URL normalizes to the same
     * @param code one status code ({@code 503}) or a class ({@code 5xx})
     * @param since inclusive lower bound on when we received it
     * @param until exclusive upper bound on when we received it
     */
    @GetMapping
    PageResponse<NotificationResponse> list(
            @RequestParam(required = false) @Nullable String url,
            @RequestParam(required = false) @Nullable String host,
            @RequestParam(required = false)
                    @Nullable
                    @Pattern(
                            regexp = "\\d{1,3}|\\d[xX]{2}",
                            message = "must be a status code such as 503 or a class such as 5xx")
                    String code,
            @RequestParam(required = false) @Nullable Instant since,
            @RequestParam(required = false) @Nullable Instant until,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        var filter = new NotificationFilter(normalize(url), host, codeRange(code), since, until);
        return PageResponse.of(search.find(filter, PageRequest.of(page, size)), NotificationResponse::of);
    }

    static @Nullable String normalize(@Nullable String url) {
        if (url == null) {
            return null;
        }
        try {
            return SiteUrl.parse(url).value();
        } catch (InvalidSiteUrlException e) {
            throw InvalidRequestException.of("url", e.getMessage());
        }
    }

    static @Nullable CodeRange codeRange(@Nullable String code) {
        if (code == null) {
            return null;
        }
        int first = code.charAt(0) - '0';
        if (code.length() == 3 && (code.charAt(1) == 'x' || code.charAt(1) == 'X')) {
            return new CodeRange(first * 100, first * 100 + 99);
        }
        int exact = Integer.parseInt(code);
        return new CodeRange(exact, exact);
    }

    /**
     * @param ts Monitor's check time in whole Unix seconds, rounded down
     * @param tsMillis the same to the millisecond: what duplicates compare
     * @param rawTs {@code ts} as sent, as the JSON value it was ({@code 1385139152.5} or {@code
     *     "1385139152"}); null when none was sent, or for notifications stored before it was kept
     * @param rawCode {@code code} as sent, likewise ({@code 503} or {@code "503"})
     * @param tsSkewed {@code ts} was further from {@code receivedAt} than {@code
     *     receiver.webhook.max-clock-skew}: never taken as a duplicate
     */
    record NotificationResponse(
            UUID id,
            Instant receivedAt,
            @Nullable Long ts,
            String url,
            String normalizedUrl,
            int code,
            @Nullable String host,
            @Nullable String type,
            String reply,
            List<UUID> windowIds,
            @Nullable String remoteAddress,
            boolean foreignHost,
            @Nullable Long tsMillis,
            // Written as the JSON they hold: the parser made them, from a JSON number or string.
            @Nullable @JsonSerialize(using = FormAsSent.class)
            String rawTs,

            @Nullable @JsonSerialize(using = FormAsSent.class)
            String rawCode,

            boolean tsSkewed) {

        /**
         * Writes a form as sent as the JSON it holds, or, when it holds no JSON number or string (a
         * row written by hand), as a JSON string: one bad row must not break the whole response.
         */
        static final class FormAsSent extends ValueSerializer<String> {
            @Override
            public void serialize(String raw, JsonGenerator json, SerializationContext context) {
                if (NotificationRecord.isJsonNumberOrString(raw)) {
                    json.writeRawValue(raw);
                } else {
                    json.writeString(raw);
                }
            }
        }

        static NotificationResponse of(NotificationRecord n) {
            return new NotificationResponse(
                    n.id(),
                    n.receivedAt(),
                    n.ts(),
                    n.rawUrl(),
                    n.normalizedUrl(),
                    n.code(),
                    n.host(),
                    n.type(),
                    n.reply(),
                    n.windowIds(),
                    n.remoteAddress(),
                    n.foreignHost(),
                    n.tsMillis(),
                    n.rawTs(),
                    n.rawCode(),
                    n.tsSkewed());
        }
    }
}
