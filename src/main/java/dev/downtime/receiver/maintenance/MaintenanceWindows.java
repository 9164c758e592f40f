package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.audit.AuditLog;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Plans, changes and ends maintenance windows on behalf of ops staff. */
@Service
class MaintenanceWindows {

    private static final String SUBJECT = "maintenance-window";

    private final MaintenanceWindowRepository repository;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final MaintenanceProperties properties;

    MaintenanceWindows(
            MaintenanceWindowRepository repository,
            ApplicationEventPublisher events,
            AuditLog audit,
            Clock clock,
            MaintenanceProperties properties) {
        this.repository = repository;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    @Transactional
    MaintenanceWindow create(WindowRequest request, String createdBy) {
        Instant now = now();
        Instant startsAt = request.startsAt() != null ? request.startsAt() : now;
        MaintenanceWindow window =
                new MaintenanceWindow(UUID.randomUUID(), specOf(request, startsAt, now), createdBy, now);
        repository.insert(window);
        changed(createdBy, "window.created", window.id(), null, WindowResponse.of(window, now));
        return window;
    }

    @Transactional
    MaintenanceWindow reschedule(UUID id, WindowRequest request, String actor) {
        Instant now = now();
        MaintenanceWindow window = findForUpdate(id);
        // Checked before the rules so that an ended window gets 409, whatever the request says.
        if (window.stateAt(now) == WindowState.ENDED) {
            throw WindowStateConflictException.alreadyEnded(id);
        }
        WindowResponse before = WindowResponse.of(window, now);
        Instant startsAt = request.startsAt() != null ? request.startsAt() : window.startsAt();
        window.reschedule(specOf(request, startsAt, now), now);
        repository.update(window);
        changed(actor, "window.rescheduled", id, before, WindowResponse.of(window, now));
        return window;
    }

    @Transactional
    MaintenanceWindow end(UUID id, String actor) {
        Instant now = now();
        MaintenanceWindow window = findForUpdate(id);
        WindowResponse before = WindowResponse.of(window, now);
        window.end(now);
        repository.update(window);
        changed(actor, "window.ended", id, before, WindowResponse.of(window, now));
        return window;
    }

    @Transactional
    void delete(UUID id, String actor) {
        Instant now = now();
        MaintenanceWindow window = findForUpdate(id);
        window.checkDeletable(now);
        repository.delete(id);
        changed(actor, "window.deleted", id, WindowResponse.of(window, now), null);
    }

    /** Every change is audited in its transaction, and the schedule reloads once that commits. */
    private void changed(
            String actor, String action, UUID id, @Nullable WindowResponse before, @Nullable WindowResponse after) {
        audit.record(actor, action, SUBJECT, id, before, after);
        events.publishEvent(new MaintenanceWindowsChanged());
    }

    @Transactional(readOnly = true)
    MaintenanceWindow get(UUID id) {
        return repository.findById(id).orElseThrow(() -> WindowNotFoundException.forId(id));
    }

    /**
     * @param url only the {@code url} and {@code domain} windows that would match this URL
     */
    @Transactional(readOnly = true)
    MaintenanceWindowRepository.Page list(
            @Nullable WindowState state,
            @Nullable WindowScope scope,
            @Nullable String target,
            @Nullable String url,
            int page,
            int size) {
        SiteUrl site = parseUrl(url);
        return repository.find(
                state,
                scope,
                target == null || target.isBlank() ? null : target.strip(),
                site == null ? null : site.value(),
                site == null ? null : domainTargetsMatching(site),
                clock.instant(),
                page,
                size);
    }

    /** PostgreSQL keeps microseconds: answers given now must match what is read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private MaintenanceWindow findForUpdate(UUID id) {
        return repository.findForUpdate(id).orElseThrow(() -> WindowNotFoundException.forId(id));
    }

    private WindowSpec specOf(WindowRequest request, Instant startsAt, Instant now) {
        return WindowSpec.validate(
                request.scope(),
                request.target(),
                startsAt,
                request.endsAt(),
                request.reason(),
                now,
                properties.maxWindowLength());
    }

    private static @Nullable SiteUrl parseUrl(@Nullable String url) {
        if (url == null) {
            return null;
        }
        try {
            return SiteUrl.parse(url);
        } catch (InvalidSiteUrlException e) {
            throw InvalidRequestException.of("url", e.getMessage());
        }
    }

    /** The domain targets that would match the URL: its host, and a wildcard over each parent. */
    private static List<String> domainTargetsMatching(SiteUrl site) {
        List<String> targets = new ArrayList<>();
        targets.add(site.host());
        site.parentDomains().forEach(parent -> targets.add("*." + parent));
        return targets;
    }
}
