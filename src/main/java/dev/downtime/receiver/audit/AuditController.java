package dev.downtime.receiver.audit;

import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.web.PageResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
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

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Newest first; each filter is optional. */
    @GetMapping
    @Transactional(readOnly = true)
    PageResponse<AuditEventResponse> list(
            @RequestParam(required = false) @Nullable UUID subjectId,
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable Instant since,
            @RequestParam(required = false) @Nullable Instant until,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new HashMap<>();
        if (subjectId != null) {
            where.append(" AND subject_id = :subjectId");
            params.put("subjectId", subjectId);
        }
        if (actor != null) {
            where.append(" AND actor = :actor");
            params.put("actor", actor);
        }
        if (action != null) {
            where.append(" AND action = :action");
            params.put("action", action);
        }
        if (since != null) {
            where.append(" AND occurred_at >= :since");
            params.put("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        }
        if (until != null) {
            where.append(" AND occurred_at < :until");
            params.put("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
        }
        long total = jdbc.sql("SELECT count(*) FROM audit_event" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<AuditEventResponse> items = jdbc.sql("SELECT * FROM audit_event" + where
                        + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> new AuditEventResponse(
                        rs.getLong("id"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("subject_type"),
                        rs.getObject("subject_id", UUID.class),
                        tree(rs.getString("before")),
                        tree(rs.getString("after"))))
                .list();
        return PageResponse.of(items, page, size, total, item -> item);
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
