package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.audit.AuditLog;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maintenance windows: planned, changed and ended on behalf of ops staff (package-private, for the
 * admin API), and asked by other modules which of them are still in effect.
 */
@Service
public class MaintenanceWindows {

    private static final String SUBJECT = "maintenance-window";
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

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

    /**
     * Of the given windows, those still in effect at {@code at}: not ended, early or as scheduled
     * (upcoming ones count). A window that was deleted is not.
     */
    @Transactional(readOnly = true)
    public Set<UUID> inEffectAt(Collection<UUID> ids, Instant at) {
        return ids.isEmpty() ? Set.of() : new HashSet<>(repository.idsInEffectAt(ids, at));
    }

    /**
     * The windows active at {@code now} or starting before {@code until}, earliest start
     * first: what the console's Now page shows.
     */
    @Transactional(readOnly = true)
    public List<ScheduledWindow> activeOrStartingBefore(Instant now, Instant until, int limit) {
        return repository
                .findAll(
                        Specification.allOf(
                                Specification.not(MaintenanceWindowRepository.Filters.inState(WindowState.ENDED, now)),
                                (root, query, cb) -> cb.lessThan(root.get("startsAt"), until)),
                        PageRequest.of(0, limit, Sort.by("startsAt", "id")))
                .map(MaintenanceWindow::scheduled)
                .getContent();
    }

    @Transactional
    MaintenanceWindow create(WindowRequest request, String createdBy) {
        Instant now = now();
        Instant startsAt = request.startsAt() != null ? request.startsAt() : now;
        MaintenanceWindow window =
                new MaintenanceWindow(UUID.randomUUID(), specOf(request, startsAt, now), createdBy, now);
        repository.saveAndFlush(window);
        changed(createdBy, "window.created", window.id(), null, WindowResponse.of(window, now));
        return window;
    }

    /**
     * @param expectedVersion the version the caller's change is based on ({@code If-Match}); null
     *     when it did not say
     * @throws OptimisticLockingFailureException when the window changed since that version, or
     *     changes meanwhile
     */
    @Transactional
    MaintenanceWindow reschedule(UUID id, WindowRequest request, String actor, @Nullable Long expectedVersion) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        // Checked before the rules so that an ended window gets 409, whatever the request says.
        if (window.stateAt(now) == WindowState.ENDED) {
            throw WindowStateConflictException.alreadyEnded(id);
        }
        WindowResponse before = WindowResponse.of(window, now);
        Instant startsAt = request.startsAt() != null ? request.startsAt() : window.startsAt();
        window.reschedule(specOf(request, startsAt, now), now);
        repository.flush();
        changed(actor, "window.rescheduled", id, before, WindowResponse.of(window, now));
        return window;
    }

    /** @see #reschedule */
    @Transactional
    MaintenanceWindow end(UUID id, String actor, @Nullable Long expectedVersion) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        WindowResponse before = WindowResponse.of(window, now);
        window.end(now);
        repository.flush();
        changed(actor, "window.ended", id, before, WindowResponse.of(window, now));
        return window;
    }

    /** @see #reschedule */
    @Transactional
    void delete(UUID id, String actor, @Nullable Long expectedVersion) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        window.checkDeletable(now);
        repository.delete(window);
        repository.flush();
        changed(actor, "window.deleted", id, WindowResponse.of(window, now), null);
    }

    /** Every change is audited in its transaction, and the schedule reloads once that commits. */
    private void changed(
            String actor, String action, UUID id, @Nullable WindowResponse before, @Nullable WindowResponse after) {
        audit.record(actor, action, SUBJECT, id, before, after);
        events.publishEvent(new WindowsChanged());
    }

    @Transactional(readOnly = true)
    MaintenanceWindow get(UUID id) {
        return repository.findById(id).orElseThrow(() -> WindowNotFoundException.forId(id));
    }

    /**
     * One page of the windows passing every filter given, newest first.
     *
     * @param url only the {@code url} and {@code domain} windows that would match this URL
     */
    @Transactional(readOnly = true)
    Page<MaintenanceWindow> list(
            @Nullable WindowState state,
            @Nullable WindowScope scope,
            @Nullable String target,
            @Nullable String url,
            int page,
            int size) {
        SiteUrl site = parseUrl(url);
        List<Specification<MaintenanceWindow>> filters = new ArrayList<>();
        if (state != null) {
            filters.add(MaintenanceWindowRepository.Filters.inState(state, clock.instant()));
        }
        if (scope != null) {
            filters.add(MaintenanceWindowRepository.Filters.inScope(scope));
        }
        if (target != null && !target.isBlank()) {
            filters.add(MaintenanceWindowRepository.Filters.targeting(target.strip()));
        }
        if (site != null) {
            filters.add(MaintenanceWindowRepository.Filters.matchingUrl(site.value(), domainTargetsMatching(site)));
        }
        return repository.findAll(Specification.allOf(filters), PageRequest.of(page, size, NEWEST_FIRST));
    }

    /** PostgreSQL keeps microseconds: answers given now must match what is read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private MaintenanceWindow find(UUID id, @Nullable Long expectedVersion) {
        MaintenanceWindow window = repository.findById(id).orElseThrow(() -> WindowNotFoundException.forId(id));
        if (expectedVersion != null && !expectedVersion.equals(window.version())) {
            throw new OptimisticLockingFailureException("Maintenance window " + id + " has changed since version "
                    + expectedVersion + " was read; it is now at version " + window.version() + ".");
        }
        return window;
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
