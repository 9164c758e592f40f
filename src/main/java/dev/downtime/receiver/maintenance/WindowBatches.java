package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.audit.AuditLog;
import dev.downtime.receiver.web.FieldViolation;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Many windows in one request, all or nothing: a bulk change (create, end, delete), and the export
 * of the current and upcoming windows with its import back, for a reviewed change of hundreds of
 * windows. Every item is checked before anything changes; each problem names its item by index.
 * Each window changed is audited on its own; the schedule reloads once.
 */
@Service
class WindowBatches {

    private static final String SUBJECT = "maintenance-window";

    private final MaintenanceWindowRepository repository;
    private final WindowPreviews previews;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MaintenanceProperties properties;

    WindowBatches(
            MaintenanceWindowRepository repository,
            WindowPreviews previews,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            MaintenanceProperties properties) {
        this.repository = repository;
        this.previews = previews;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * @throws InvalidRequestException listing every problem, by item ({@code create[2].endsAt},
     *     {@code end[0]}): nothing is changed
     */
    @Transactional
    BulkResponse bulk(BulkRequest request, boolean dryRun, String actor) {
        Instant now = now();
        List<FieldViolation> violations = new ArrayList<>();
        List<WindowSpec> creates = new ArrayList<>();
        for (int i = 0; i < request.creates().size(); i++) {
            WindowRequest item = request.creates().get(i);
            spec(item, item.startsAt() != null ? item.startsAt() : now, now, "create[" + i + "].", violations)
                    .ifPresent(creates::add);
        }
        Set<UUID> listed = new HashSet<>();
        List<MaintenanceWindow> ends = windows("end", request.ends(), listed, violations, window -> {
            return window.stateAt(now) == WindowState.ENDED ? "has already ended" : null;
        });
        List<MaintenanceWindow> deletes = windows("delete", request.deletes(), listed, violations, window -> {
            WindowState state = window.stateAt(now);
            return state == WindowState.UPCOMING
                    ? null
                    : "is " + state.wireName() + ": only an upcoming window can be deleted; end it instead";
        });
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        if (dryRun) {
            return new BulkResponse(
                    true,
                    creates.stream().map(previews::of).toList(),
                    List.of(),
                    views(ends, now),
                    views(deletes, now));
        }
        List<WindowResponse> created = new ArrayList<>();
        for (WindowSpec spec : creates) {
            MaintenanceWindow window = new MaintenanceWindow(UUID.randomUUID(), spec, actor, now);
            repository.save(window);
            created.add(WindowResponse.of(window, now));
            audit.record(actor, "window.created", SUBJECT, window.id(), null, created.getLast());
        }
        List<WindowResponse> ended = new ArrayList<>();
        for (MaintenanceWindow window : ends) {
            WindowResponse before = WindowResponse.of(window, now);
            window.end(now);
            ended.add(WindowResponse.of(window, now));
            audit.record(actor, "window.ended", SUBJECT, window.id(), before, ended.getLast());
        }
        List<WindowResponse> deleted = new ArrayList<>();
        for (MaintenanceWindow window : deletes) {
            deleted.add(WindowResponse.of(window, now));
            repository.delete(window);
            audit.record(actor, "window.deleted", SUBJECT, window.id(), deleted.getLast(), null);
        }
        repository.flush();
        events.publishEvent(new WindowsChanged());
        return new BulkResponse(false, List.of(), created, ended, deleted);
    }

    /** The windows not ended yet, by start: what {@link #importWindows} takes back. */
    @Transactional(readOnly = true)
    List<MaintenanceWindow> current() {
        Instant now = clock.instant();
        return repository
                .findAll(Specification.anyOf(
                        MaintenanceWindowRepository.Filters.inState(WindowState.ACTIVE, now),
                        MaintenanceWindowRepository.Filters.inState(WindowState.UPCOMING, now)))
                .stream()
                .sorted(Comparator.comparing(MaintenanceWindow::startsAt).thenComparing(MaintenanceWindow::id))
                .toList();
    }

    /**
     * Makes the windows of a file, as {@link #current} exported them and then edited, exist as
     * given: a window with an id it names is changed when it differs, one with no id or an unknown
     * id is created (with that id, so that importing a file twice creates nothing twice). Windows
     * the file does not name are left as they are.
     *
     * @throws InvalidRequestException listing every problem, by item ({@code windows[3].target})
     */
    @Transactional
    ImportResponse importWindows(WindowsFile file, boolean dryRun, String actor) {
        Instant now = now();
        List<FieldViolation> violations = new ArrayList<>();
        List<Added> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        int unchanged = 0;
        Set<UUID> ids = new HashSet<>();
        List<UUID> named = file.windows().stream()
                .map(ImportedWindow::id)
                .filter(Objects::nonNull)
                .toList();
        Map<UUID, MaintenanceWindow> existing = repository.findAllById(named).stream()
                .collect(Collectors.toMap(MaintenanceWindow::id, Function.identity()));
        for (int i = 0; i < file.windows().size(); i++) {
            ImportedWindow item = file.windows().get(i);
            String field = "windows[" + i + "]";
            if (item.id() != null && !ids.add(item.id())) {
                violations.add(new FieldViolation(field + ".id", "is listed twice"));
                continue;
            }
            MaintenanceWindow window = item.id() == null ? null : existing.get(item.id());
            if (window != null && item.sameAs(window)) {
                unchanged++;
                continue;
            }
            if (window != null && window.stateAt(now) == WindowState.ENDED) {
                violations.add(new FieldViolation(field, "has ended and can no longer be changed"));
                continue;
            }
            Optional<WindowSpec> spec = spec(item.asRequest(), item.startsAt(), now, field + ".", violations);
            if (spec.isEmpty()) {
                continue;
            }
            if (window == null) {
                added.add(new Added(item.id() != null ? item.id() : UUID.randomUUID(), spec.get()));
            } else {
                changed.add(new Changed(window, spec.get()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        ImportResponse response = new ImportResponse(
                dryRun,
                added.stream().map(a -> ImportedWindow.of(a.id(), a.spec())).toList(),
                changed.stream()
                        .map(c -> new ImportResponse.Change(
                                ImportedWindow.of(c.window()),
                                ImportedWindow.of(c.window().id(), c.spec())))
                        .toList(),
                unchanged);
        if (dryRun || (added.isEmpty() && changed.isEmpty())) {
            return response;
        }
        for (Added a : added) {
            MaintenanceWindow window = new MaintenanceWindow(a.id(), a.spec(), actor, now);
            repository.save(window);
            audit.record(actor, "window.created", SUBJECT, a.id(), null, WindowResponse.of(window, now));
        }
        for (Changed c : changed) {
            WindowResponse before = WindowResponse.of(c.window(), now);
            c.window().reschedule(c.spec(), now);
            audit.record(
                    actor, "window.rescheduled", SUBJECT, c.window().id(), before, WindowResponse.of(c.window(), now));
        }
        repository.flush();
        events.publishEvent(new WindowsChanged());
        return response;
    }

    private record Added(UUID id, WindowSpec spec) {}

    private record Changed(MaintenanceWindow window, WindowSpec spec) {}

    private Optional<WindowSpec> spec(
            WindowRequest item, Instant startsAt, Instant now, String prefix, List<FieldViolation> violations) {
        try {
            return Optional.of(WindowSpec.of(item, startsAt, now, properties.maxWindowLength()));
        } catch (InvalidRequestException e) {
            e.violations().forEach(v -> violations.add(new FieldViolation(prefix + v.field(), v.message())));
            return Optional.empty();
        }
    }

    /** The windows with these ids, each checked; a problem is listed as {@code list[index]}. */
    private List<MaintenanceWindow> windows(
            String list,
            List<UUID> ids,
            Set<UUID> listed,
            List<FieldViolation> violations,
            Function<MaintenanceWindow, @Nullable String> problem) {
        Map<UUID, MaintenanceWindow> found = repository.findAllById(ids).stream()
                .collect(Collectors.toMap(MaintenanceWindow::id, Function.identity()));
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String field = list + "[" + i + "]";
            UUID id = ids.get(i);
            MaintenanceWindow window = found.get(id);
            if (!listed.add(id)) {
                violations.add(new FieldViolation(field, "lists window " + id + " a second time"));
            } else if (window == null) {
                violations.add(new FieldViolation(field, "names no window: no window has id " + id));
            } else {
                String wrong = problem.apply(window);
                if (wrong != null) {
                    violations.add(new FieldViolation(field, wrong));
                } else {
                    windows.add(window);
                }
            }
        }
        return windows;
    }

    private static List<WindowResponse> views(List<MaintenanceWindow> windows, Instant now) {
        return windows.stream().map(window -> WindowResponse.of(window, now)).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
