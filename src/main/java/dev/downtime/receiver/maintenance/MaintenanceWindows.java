package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.admin.InvalidRequestException;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Plans, changes and ends maintenance windows on behalf of ops staff. */
@Service
class MaintenanceWindows {

    private final MaintenanceWindowRepository repository;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MaintenanceProperties properties;

    MaintenanceWindows(
            MaintenanceWindowRepository repository,
            ApplicationEventPublisher events,
            Clock clock,
            MaintenanceProperties properties) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
    }

    @Transactional
    MaintenanceWindow create(WindowRequest request, String createdBy) {
        Instant now = now();
        Instant startsAt = request.startsAt() != null ? request.startsAt() : now;
        WindowSpec spec = specOf(request, startsAt, now);
        MaintenanceWindow window = repository.save(new MaintenanceWindow(UUID.randomUUID(), spec, createdBy, now));
        events.publishEvent(new MaintenanceWindowsChanged());
        return window;
    }

    @Transactional
    MaintenanceWindow reschedule(UUID id, WindowRequest request) {
        Instant now = now();
        MaintenanceWindow window = find(id);
        Instant startsAt = request.startsAt() != null ? request.startsAt() : window.startsAt();
        // Checked before the rules so that an ended window gets 409, whatever the request says.
        if (window.stateAt(now) == WindowState.ENDED) {
            throw WindowStateConflictException.alreadyEnded(id);
        }
        window.reschedule(specOf(request, startsAt, now), now);
        events.publishEvent(new MaintenanceWindowsChanged());
        return window;
    }

    @Transactional
    MaintenanceWindow end(UUID id) {
        MaintenanceWindow window = find(id);
        window.end(now());
        events.publishEvent(new MaintenanceWindowsChanged());
        return window;
    }

    @Transactional
    void delete(UUID id) {
        MaintenanceWindow window = find(id);
        window.checkDeletable(now());
        repository.delete(window);
        events.publishEvent(new MaintenanceWindowsChanged());
    }

    @Transactional(readOnly = true)
    MaintenanceWindow get(UUID id) {
        return find(id);
    }

    @Transactional(readOnly = true)
    Page<MaintenanceWindow> list(WindowFilter filter, Pageable pageable) {
        return repository.findAll(filter.toSpecification(clock.instant()), pageable);
    }

    /** PostgreSQL keeps microseconds: answers given now must match what is read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private MaintenanceWindow find(UUID id) {
        return repository.findById(id).orElseThrow(() -> WindowNotFoundException.forId(id));
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

    /** The admin list's filters; each is optional. */
    record WindowFilter(
            @Nullable WindowState state,
            @Nullable WindowScope scope,
            @Nullable String target,
            @Nullable String url) {

        Specification<MaintenanceWindow> toSpecification(Instant now) {
            SiteUrl site = parseUrl();
            return (root, query, cb) -> {
                List<Predicate> predicates = new ArrayList<>();
                var startsAt = root.<Instant>get("startsAt");
                var endsAt = root.<Instant>get("endsAt");
                var endedAt = root.<Instant>get("endedAt");
                if (state != null) {
                    Predicate ended = cb.or(
                            cb.lessThanOrEqualTo(endsAt, now),
                            cb.and(cb.isNotNull(endedAt), cb.lessThanOrEqualTo(endedAt, now)));
                    predicates.add(
                            switch (state) {
                                case ENDED -> ended;
                                case UPCOMING -> cb.and(cb.not(ended), cb.greaterThan(startsAt, now));
                                case ACTIVE -> cb.and(cb.not(ended), cb.lessThanOrEqualTo(startsAt, now));
                            });
                }
                if (scope != null) {
                    predicates.add(cb.equal(root.get("scope"), scope));
                }
                if (target != null && !target.isBlank()) {
                    predicates.add(cb.equal(
                            cb.lower(root.get("target")), target.strip().toLowerCase(Locale.ROOT)));
                }
                if (site != null) {
                    predicates.add(cb.or(
                            cb.and(
                                    cb.equal(root.get("scope"), WindowScope.URL),
                                    cb.equal(root.get("target"), site.value())),
                            cb.and(
                                    cb.equal(root.get("scope"), WindowScope.DOMAIN),
                                    root.get("target").in(domainTargetsMatching(site)))));
                }
                return cb.and(predicates.toArray(Predicate[]::new));
            };
        }

        private @Nullable SiteUrl parseUrl() {
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
}
