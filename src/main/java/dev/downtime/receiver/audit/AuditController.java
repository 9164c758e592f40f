package dev.downtime.receiver.audit;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit log, for admins: who changed which window or token, when, from what to what. */
@RestController
@RequestMapping("/api/v1/audit")
@RequiresRole(Role.ADMIN)
class AuditController {

    private final AuditLog audit;
    private final JsonMapper json;

    AuditController(AuditLog audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /** Newest first; each filter is optional. */
    @GetMapping
    PageResponse<AuditEventResponse> list(
            @RequestParam(required = false) @Nullable UUID subjectId,
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable Instant since,
            @RequestParam(required = false) @Nullable Instant until,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageResponse.of(
                audit.find(subjectId, actor, action, since, until, page, size),
                event -> new AuditEventResponse(
                        event.id(),
                        event.occurredAt(),
                        event.actor(),
                        event.action(),
                        event.subjectType(),
                        event.subjectId(),
                        tree(event.beforeJson()),
                        tree(event.afterJson())));
    }

    private @Nullable JsonNode tree(@Nullable String value) {
        return value == null ? null : json.readTree(value);
    }

    record AuditEventResponse(
            long id,
            Instant occurredAt,
            String actor,
            String action,
            String subjectType,
            UUID subjectId,
            @Nullable JsonNode before,
            @Nullable JsonNode after) {}
}
