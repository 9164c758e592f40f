package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.audit.AuditLog;
import dev.downtime.receiver.maintenance.recurrence.Occurrence;
import dev.downtime.receiver.maintenance.recurrence.Recurrence;
import dev.downtime.receiver.maintenance.recurrence.RecurringSchedule;
import dev.downtime.receiver.promises.CutShort;
import dev.downtime.receiver.promises.Promises;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
    private final Promises promises;
    private final WindowPreviews previews;

    MaintenanceWindows(
            MaintenanceWindowRepository repository,
            ApplicationEventPublisher events,
            AuditLog audit,
            Clock clock,
            MaintenanceProperties properties,
            Promises promises,
            WindowPreviews previews) {
        this.repository = repository;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
        this.promises = promises;
        this.previews = previews;
    }

    /**
     * Of the given windows, those still in effect at {@code at}: not ended, early or as scheduled
     * (upcoming ones count). A window that was deleted is not.
     */
    @Transactional(readOnly = true)
    public Set<UUID> inEffectAt(Collection<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<UUID> inEffect = new HashSet<>(repository.idsInEffectAt(ids, at));
        // A recurring window covers only while an occurrence runs: one skipped, ended early or
        // simply over leaves a site still down uncovered until the next.
        // Only those are loaded: each overrun check asks about every window covering an incident.
        for (MaintenanceWindow window : repository.findRecurring(inEffect)) {
            if (WindowExpansion.between(window, at, at.plusNanos(1)).isEmpty()) {
                inEffect.remove(window.id());
            }
        }
        return inEffect;
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

    /** What {@link #create} would cover, checked by the same rules; nothing is stored. */
    @Transactional(readOnly = true)
    WindowPreview previewCreate(WindowRequest request) {
        Instant now = now();
        Instant startsAt = request.startsAt() != null ? request.startsAt() : now;
        return previews.of(specOf(request, startsAt, now));
    }

    /** What {@link #reschedule} would make the window cover; nothing is changed. */
    @Transactional(readOnly = true)
    WindowPreview previewReschedule(UUID id, WindowRequest request, @Nullable Long expectedVersion) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        if (window.stateAt(now) == WindowState.ENDED) {
            throw WindowStateConflictException.alreadyEnded(id);
        }
        Instant startsAt = request.startsAt() != null ? request.startsAt() : window.startsAt();
        return previews.of(specOf(request, startsAt, now));
    }

    /**
     * @param expectedVersion the version the caller's change is based on ({@code If-Match}); null
     *     when it did not say
     * @throws OptimisticLockingFailureException when the window changed since that version, or
     *     changes meanwhile
     */
    @Transactional
    MaintenanceWindow reschedule(
            UUID id, WindowRequest request, String actor, @Nullable Long expectedVersion, boolean confirm) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        // Checked before the rules so that an ended window gets 409, whatever the request says.
        if (window.stateAt(now) == WindowState.ENDED) {
            throw WindowStateConflictException.alreadyEnded(id);
        }
        WindowResponse before = WindowResponse.of(window, now);
        List<ScheduledWindow> cover = coverAhead(window, now);
        Instant startsAt = request.startsAt() != null ? request.startsAt() : window.startsAt();
        window.reschedule(specOf(request, startsAt, now), now);
        guardPromises(window, cover, coverAhead(window, now), now, confirm, actor);
        repository.flush();
        changed(actor, "window.rescheduled", id, before, WindowResponse.of(window, now));
        return window;
    }

    /**
     * Ends the window now, or, for a recurring window, from {@code from} on: no occurrence starts
     * at or after it, one running then keeps its end.
     *
     * @see #reschedule
     */
    @Transactional
    MaintenanceWindow end(
            UUID id, @Nullable Instant from, String actor, @Nullable Long expectedVersion, boolean confirm) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        WindowResponse before = WindowResponse.of(window, now);
        List<ScheduledWindow> cover = coverAhead(window, now);
        Optional<Recurrence> recurrence = window.recurrence();
        if (from != null && recurrence.isEmpty()) {
            throw InvalidRequestException.of(
                    "from", "only a recurring window ends from a date: end this one now, or change its endsAt");
        }
        if (from != null && from.isAfter(now) && recurrence.isPresent()) {
            RecurringSchedule changed =
                    RecurringSchedule.of(recurrence.get().endingFrom(from.truncatedTo(ChronoUnit.MICROS)));
            window.changeRecurrence(
                    changed.recurrence(),
                    WindowSpec.recurring(window.scope(), window.target(), null, changed)
                            .endsAt(),
                    now);
        } else {
            window.end(now);
        }
        guardPromises(window, cover, coverAhead(window, now), now, confirm, actor);
        repository.flush();
        changed(actor, "window.ended", id, before, WindowResponse.of(window, now));
        return window;
    }

    /**
     * Skips one occurrence of a recurring window (RFC 5545 {@code EXDATE}), named by its local
     * start; it must not have begun.
     */
    @Transactional
    MaintenanceWindow skip(
            UUID id, LocalDateTime occurrence, String actor, @Nullable Long expectedVersion, boolean confirm) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        Recurrence recurrence = recurring(window);
        Occurrence skipped = occurrenceOf(window, recurrence, occurrence);
        if (!skipped.startsAt().isAfter(now)) {
            throw WindowStateConflictException.occurrenceBegun(id, occurrence);
        }
        return changeRecurrence(
                window, recurrence.skipping(occurrence), "window.occurrence-skipped", actor, now, confirm);
    }

    /** Ends the occurrence in progress now, without touching the next ones. */
    @Transactional
    MaintenanceWindow endOccurrence(
            UUID id, LocalDateTime occurrence, String actor, @Nullable Long expectedVersion, boolean confirm) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        Recurrence recurrence = recurring(window);
        Occurrence running = occurrenceOf(window, recurrence, occurrence);
        if (!running.isActiveAt(now) || !window.effectiveEnd().isAfter(now)) {
            throw WindowStateConflictException.occurrenceNotInProgress(id, occurrence);
        }
        return changeRecurrence(
                window, recurrence.endingEarly(occurrence, now), "window.occurrence-ended", actor, now, confirm);
    }

    /**
     * The occurrences of a recurring window not ended at {@code from}, cut at the window's end.
     *
     * @param count from 1 to {@link RecurringSchedule#MAX_COUNT}
     */
    @Transactional(readOnly = true)
    List<Occurrence> occurrences(UUID id, Instant from, int count) {
        MaintenanceWindow window = get(id);
        Recurrence recurrence = recurring(window);
        Instant end = window.effectiveEnd();
        List<Occurrence> found = new ArrayList<>();
        for (Occurrence occurrence : RecurringSchedule.of(recurrence).next(from, count)) {
            if (!occurrence.startsAt().isBefore(end)) {
                break;
            }
            found.add(
                    occurrence.endsAt().isAfter(end)
                            ? new Occurrence(
                                    occurrence.scheduledStart(),
                                    occurrence.startsAt(),
                                    end,
                                    occurrence.localStart(),
                                    end.atZone(recurrence.timeZone()).toOffsetDateTime(),
                                    true)
                            : occurrence);
        }
        return found;
    }

    /** @see #reschedule */
    @Transactional
    void delete(UUID id, String actor, @Nullable Long expectedVersion, boolean confirm) {
        Instant now = now();
        MaintenanceWindow window = find(id, expectedVersion);
        window.checkDeletable(now);
        guardPromises(window, coverAhead(window, now), List.of(), now, confirm, actor);
        repository.delete(window);
        repository.flush();
        changed(actor, "window.deleted", id, WindowResponse.of(window, now), null);
    }

    private MaintenanceWindow changeRecurrence(
            MaintenanceWindow window, Recurrence changed, String action, String actor, Instant now, boolean confirm) {
        WindowResponse before = WindowResponse.of(window, now);
        List<ScheduledWindow> cover = coverAhead(window, now);
        RecurringSchedule schedule = RecurringSchedule.of(changed);
        window.changeRecurrence(
                changed,
                WindowSpec.recurring(window.scope(), window.target(), null, schedule)
                        .endsAt(),
                now);
        guardPromises(window, cover, coverAhead(window, now), now, confirm, actor);
        repository.flush();
        changed(actor, action, window.id(), before, WindowResponse.of(window, now));
        return window;
    }

    private static Recurrence recurring(MaintenanceWindow window) {
        return window.recurrence().orElseThrow(() -> WindowStateConflictException.notRecurring(window.id()));
    }

    private static Occurrence occurrenceOf(MaintenanceWindow window, Recurrence recurrence, LocalDateTime start) {
        Optional<Occurrence> found = RecurringSchedule.of(recurrence).occurrenceStartingAt(start);
        if (found.isEmpty() || !found.get().startsAt().isBefore(window.effectiveEnd())) {
            throw InvalidRequestException.of(
                    "occurrence", "is not the local start of an occurrence of this window that takes place");
        }
        return found.get();
    }

    /** What the window covers from now as far ahead as any promise can reach. */
    private List<ScheduledWindow> coverAhead(MaintenanceWindow window, Instant now) {
        return WindowExpansion.between(window, now, now.plus(properties.promiseCap()));
    }

    /**
     * Refuses (409) a change that takes away cover active promises count on, unless confirmed; a
     * confirmed one is audited with the number of promises it cuts short.
     */
    private void guardPromises(
            MaintenanceWindow window,
            List<ScheduledWindow> before,
            List<ScheduledWindow> after,
            Instant now,
            boolean confirm,
            String actor) {
        Optional<Instant> lost = WindowExpansion.firstLost(before, after, now);
        if (lost.isEmpty()) {
            return;
        }
        CutShort cut = promises.cutShortBy(window.id(), lost.get());
        if (!cut.any()) {
            return;
        }
        if (!confirm) {
            throw new PromisesCutShortException(window.id(), lost.get(), cut);
        }
        audit.record(
                actor,
                "window.promises-cut-short",
                SUBJECT,
                window.id(),
                null,
                new PromisesCutShortAudit(cut.count(), lost.get()));
    }

    /** @param coverLostAt from when the change took away the window's cover */
    record PromisesCutShortAudit(long promisesCutShort, Instant coverLostAt) {}

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
        return WindowSpec.of(request, startsAt, now, properties.maxWindowLength());
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
