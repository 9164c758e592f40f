package dev.downtime.receiver.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The append-only record of who changed what through the admin API, with before and after values. */
@Service
public class AuditLog {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"));

    private final AuditEventRepository repository;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(AuditEventRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records a change in the caller's transaction, so that the change and its record commit or
     * roll back together.
     *
     * @param action e.g. {@code window.created}
     * @param before the subject before the change, as the API shows it; null when created
     * @param after the subject after the change; null when deleted
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(
            String actor,
            String action,
            String subjectType,
            UUID subjectId,
            @Nullable Object before,
            @Nullable Object after) {
        repository.save(new AuditEvent(
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                actor,
                action,
                subjectType,
                subjectId,
                before == null ? null : json.writeValueAsString(before),
                after == null ? null : json.writeValueAsString(after)));
    }

    /** One page of the events passing every filter given, newest first. */
    @Transactional(readOnly = true)
    Page<AuditEvent> find(
            @Nullable UUID subjectId,
            @Nullable String actor,
            @Nullable String action,
            @Nullable Instant since,
            @Nullable Instant until,
            int page,
            int size) {
        List<Specification<AuditEvent>> filters = new ArrayList<>();
        if (subjectId != null) {
            filters.add(AuditEventRepository.Filters.about(subjectId));
        }
        if (actor != null) {
            filters.add(AuditEventRepository.Filters.by(actor));
        }
        if (action != null) {
            filters.add(AuditEventRepository.Filters.action(action));
        }
        if (since != null) {
            filters.add(AuditEventRepository.Filters.since(since));
        }
        if (until != null) {
            filters.add(AuditEventRepository.Filters.until(until));
        }
        return repository.findAll(Specification.allOf(filters), PageRequest.of(page, size, NEWEST_FIRST));
    }
}
